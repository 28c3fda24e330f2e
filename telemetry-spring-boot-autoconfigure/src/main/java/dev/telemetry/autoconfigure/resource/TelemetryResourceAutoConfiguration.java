package dev.telemetry.autoconfigure.resource;

import java.util.Map;
import java.util.UUID;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.resource.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration for the {@link Resource} that every exported span carries.
 * <p>
 * Precedence, lowest first: what the SDK detects, {@code spring.application.name},
 * {@code telemetry.resource.attributes} (and {@code OTEL_RESOURCE_ATTRIBUTES}), then
 * {@code telemetry.service.*} (and {@code OTEL_SERVICE_NAME}).
 * <p>
 * Unless one of those sets {@code service.instance.id} to a non-blank value, it is a
 * random UUID (version 4) made once per application context, as the semantic conventions
 * recommend for an instance without an inherent unique id: replicas of one service then
 * stay apart where the resource identifies a series (a Collector's Prometheus exporter,
 * for one).
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnTelemetryEnabled
@EnableConfigurationProperties(TelemetryProperties.class)
public final class TelemetryResourceAutoConfiguration {

	private static final String SERVICE_INSTANCE_ID = "service.instance.id";

	TelemetryResourceAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	Resource telemetryResource(TelemetryProperties properties, Environment environment) {
		AttributesBuilder attributes = Attributes.builder();
		String applicationName = environment.getProperty("spring.application.name");
		if (StringUtils.hasText(applicationName)) {
			attributes.put("service.name", applicationName);
		}
		for (Map.Entry<String, String> entry : properties.getResource().getAttributes().entrySet()) {
			attributes.put(entry.getKey(), entry.getValue());
		}
		TelemetryProperties.Service service = properties.getService();
		putIfText(attributes, "service.name", service.getName());
		putIfText(attributes, "service.version", service.getVersion());
		putIfText(attributes, "deployment.environment.name", service.getEnvironment());
		Resource resource = Resource.detect().merge(Resource.create(attributes.build()));
		Object instanceId = resource.getAttributes().get(SERVICE_INSTANCE_ID);
		if (instanceId != null && StringUtils.hasText(instanceId.toString())) {
			return resource;
		}
		// A blank id (an unset ${POD_NAME}, say) would make every replica one instance.
		return resource.merge(Resource.create(Attributes.of(SERVICE_INSTANCE_ID, UUID.randomUUID().toString())));
	}

	private static void putIfText(AttributesBuilder attributes, String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			attributes.put(key, value);
		}
	}

}
