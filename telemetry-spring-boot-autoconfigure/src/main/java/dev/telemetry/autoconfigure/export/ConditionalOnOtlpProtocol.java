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
 * same), is the given protocol; {@link OtlpProtocol#GRPC} when it is not set. Only the
 * exporter's auto-configuration uses it.
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

}
