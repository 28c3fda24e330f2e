package dev.telemetry.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;

/**
 * Fails start-up when a Micrometer Tracing bridge is active next to this starter, since
 * both would turn every observation into a span and every request would be traced twice,
 * with two trace ids and doubled cost.
 */
final class DuplicateTracingGuard implements SmartInitializingSingleton {

	/** Bridge tracer class, and the dependency a user removes to get rid of it. */
	private static final String[][] BRIDGES = {
			{ "io.micrometer.tracing.otel.bridge.OtelTracer",
					"spring-boot-starter-opentelemetry (or micrometer-tracing-bridge-otel)" },
			{ "io.micrometer.tracing.brave.bridge.BraveTracer",
					"spring-boot-starter-zipkin (or micrometer-tracing-bridge-brave)" } };

	private final ListableBeanFactory beanFactory;

	DuplicateTracingGuard(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> found = new ArrayList<>();
		ClassLoader classLoader = getClass().getClassLoader();
		for (String[] bridge : BRIDGES) {
			if (ClassUtils.isPresent(bridge[0], classLoader)) {
				Class<?> tracerType = ClassUtils.resolveClassName(bridge[0], classLoader);
				if (this.beanFactory.getBeanNamesForType(tracerType, true, false).length > 0) {
					found.add(bridge[1]);
				}
			}
		}
		if (!found.isEmpty()) {
			throw new DuplicateTracingException(found);
		}
	}

}
