package dev.telemetry.autoconfigure.export;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code telemetry.exporter.otlp.protocol}, bound like the property itself
 * (so {@code http/protobuf}, {@code http-protobuf} and {@code HTTP_PROTOBUF} are the
 * same), is the given protocol; {@link OtlpProtocol#HTTP_PROTOBUF} when it is not set.
 * For a {@link #signal() signal}, {@code telemetry.exporter.otlp.<signal>.protocol} comes
 * first. Only the exporters' auto-configurations use it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnOtlpProtocolCondition.class)
@interface ConditionalOnOtlpProtocol {

	/**
	 * The protocol that must be configured.
	 * @return the protocol
	 */
	OtlpProtocol value();

	/**
	 * The signal whose per-signal protocol, if set, decides, such as {@code metrics}.
	 * @return the signal, or an empty string for the shared protocol only
	 */
	String signal() default "";

}
