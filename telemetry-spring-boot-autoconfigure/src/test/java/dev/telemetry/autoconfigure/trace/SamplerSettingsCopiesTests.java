package dev.telemetry.autoconfigure.trace;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards {@link SamplerSettingsCopies} against the next property someone adds: every
 * writable property of the sampler settings, their parent cases and their rules is set to
 * a value other than its default, and the copy must hold them all.
 */
class SamplerSettingsCopiesTests {

	@Test
	void copiesEveryProperty() {
		TracingProperties.Sampler original = new TracingProperties.Sampler();
		populate(original);

		TracingProperties.Sampler copy = SamplerSettingsCopies.copy(original);

		assertThat(copy).usingRecursiveComparison().isEqualTo(original);
		assertThat(copy.getRules()).isNotSameAs(original.getRules());
		assertThat(copy.getRules().get(0)).isNotSameAs(original.getRules().get(0));
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
				+ "; teach this test about it, and copy it in SamplerSettingsCopies");
	}

}
