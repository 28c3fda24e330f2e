package dev.telemetry.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code telemetry.enabled=false} or
 * {@code telemetry.metrics.enabled=false}.
 *
 * @since 0.1.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "telemetry.metrics.enabled", matchIfMissing = true)
public @interface ConditionalOnMetricsEnabled {

}
