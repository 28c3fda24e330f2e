package dev.telemetry.autoconfigure.export;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Backs {@link ConditionalOnOtlpProtocol}. Binds the property with Boot's binder rather
 * than comparing strings, so that every spelling the binder accepts for the enum matches,
 * and a value it rejects fails start-up naming the property.
 */
class OnOtlpProtocolCondition extends SpringBootCondition {

	static final String PREFIX = "telemetry.exporter.otlp.";

	static final String PROPERTY = PREFIX + "protocol";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnOtlpProtocol.class.getName());
		OtlpProtocol required = (OtlpProtocol) attributes.get("value");
		String signal = (String) attributes.get("signal");
		Binder binder = Binder.get(context.getEnvironment());
		String property = PROPERTY;
		OtlpProtocol configured = null;
		if (!signal.isEmpty()) {
			property = PREFIX + signal + ".protocol";
			configured = binder.bind(property, OtlpProtocol.class).orElse(null);
		}
		if (configured == null) {
			property = PROPERTY;
			configured = binder.bind(PROPERTY, OtlpProtocol.class).orElse(ExporterProperties.Otlp.DEFAULT_PROTOCOL);
		}
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnOtlpProtocol.class, required);
		return (configured == required) ? ConditionOutcome.match(message.because(property + " is " + configured))
				: ConditionOutcome.noMatch(message.because(property + " is " + configured));
	}

}
