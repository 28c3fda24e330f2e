package dev.telemetry.autoconfigure.trace;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Guards {@link TracingProperties.Sampler#toSettings()} against the next property someone
 * adds: every writable property of the sampler settings, their parent cases and their
 * rules is set to a value other than its default, and the immutable settings must hold
 * them all, under the same names.
 */
class SamplerSettingsTests {

	@Test
	void carriesEveryProperty() {
		TracingProperties.Sampler original = new TracingProperties.Sampler();
		populate(original);

		SamplerSettings settings = original.toSettings();

		assertCarried(original, settings);
		assertThat(settings).usingRecursiveComparison().isEqualTo(original);
	}

	@Test
	void aRuleCarriesEveryProperty() {
		Rule original = new Rule();
		populate(original);

		assertCarried(original, original.toSettings());
	}

	@Test
	void sharesNoMutableStateWithTheBindingClass() {
		TracingProperties.Sampler original = new TracingProperties.Sampler();
		populate(original);
		SamplerSettings settings = original.toSettings();
		SamplerSettings.Rule rule = settings.rules().get(0);

		original.getRules().get(0).getKind().clear();
		original.getRules().get(0).getAttributes().clear();
		original.getRules().clear();

		assertThat(settings.rules()).containsExactly(rule);
		assertThat(rule.kind()).isNotEmpty();
		assertThat(rule.attributes()).containsEntry("key", "value");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> rule.kind().clear());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> rule.attributePatterns().clear());
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> settings.rules().clear());
	}

	/**
	 * Every readable property of the binding object must be a component of the same name
	 * of the record, with an equal value (binding objects inside are followed).
	 */
	private static void assertCarried(Object binding, Record settings) {
		BeanWrapper wrapper = new BeanWrapperImpl(binding);
		Map<String, RecordComponent> components = new LinkedHashMap<>();
		for (RecordComponent component : settings.getClass().getRecordComponents()) {
			components.put(component.getName(), component);
		}
		for (PropertyDescriptor property : wrapper.getPropertyDescriptors()) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			RecordComponent component = components.get(property.getName());
			assertThat(component)
				.as("%s.%s is not carried into %s", binding.getClass().getSimpleName(), property.getName(),
						settings.getClass().getSimpleName())
				.isNotNull();
			Object expected = wrapper.getPropertyValue(property.getName());
			Object actual = ReflectionUtils.invokeMethod(component.getAccessor(), settings);
			if (actual instanceof Record nested) {
				assertCarried(expected, nested);
			}
			else if (actual instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Record) {
				List<?> bindings = (List<?>) expected;
				assertThat(list).hasSameSizeAs(bindings);
				for (int i = 0; i < list.size(); i++) {
					assertCarried(bindings.get(i), (Record) list.get(i));
				}
			}
			else {
				assertThat(actual).as(property.getName()).isEqualTo(expected);
			}
		}
	}

	private static void populate(Object bean) {
		BeanWrapper wrapper = new BeanWrapperImpl(bean);
		for (PropertyDescriptor property : wrapper.getPropertyDescriptors()) {
			Class<?> type = property.getPropertyType();
			if (property.getWriteMethod() == null) {
				// Nested groups (fallback, parent cases) have a getter only.
				if (property.getReadMethod() != null && type.getName().startsWith(Rule.class.getPackageName())) {
					populate(wrapper.getPropertyValue(property.getName()));
				}
				continue;
			}
			Object current = wrapper.getPropertyValue(property.getName());
			wrapper.setPropertyValue(property.getName(),
					otherValue(type, current, property.getWriteMethod().getGenericParameterTypes()[0]));
		}
	}

	private static Object otherValue(Class<?> type, Object current, Type generic) {
		if (type == String.class) {
			return "value-" + current;
		}
		if (type == Double.class || type == double.class) {
			return (current instanceof Double value && value == 0.25) ? 0.5 : 0.25;
		}
		if (type == Integer.class || type == int.class) {
			return (current instanceof Integer value) ? value + 1 : 7;
		}
		if (type == Boolean.class || type == boolean.class) {
			return !(current instanceof Boolean value && value);
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			return (constants[0] == current) ? constants[constants.length - 1] : constants[0];
		}
		if (type == Map.class) {
			Map<String, String> map = new LinkedHashMap<>();
			map.put("key", "value");
			return map;
		}
		if (type == List.class) {
			Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
			Class<?> elementType = (Class<?>) element;
			List<Object> list = new ArrayList<>();
			if (elementType == Rule.class) {
				Rule rule = new Rule();
				populate(rule);
				list.add(rule);
			}
			else {
				list.add(otherValue(elementType, null, elementType));
			}
			return list;
		}
		throw new IllegalStateException("No other value for a property of type " + type
				+ "; teach this test about it, and carry it in SamplerSettings");
	}

}
