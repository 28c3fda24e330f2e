/**
 * Support for the standard OpenTelemetry SDK environment variables ({@code OTEL_*}).
 * <p>
 * Operators often configure every service in a fleet the same way, through the variables
 * the OpenTelemetry specification defines, whatever language or framework a service uses.
 * The environment post-processor in this package turns those variables into
 * {@code telemetry.*} properties of the lowest precedence, so they take effect wherever
 * an application does not set the matching property itself, and are then bound and
 * validated like any other property.
 */
@NullMarked
package dev.telemetry.autoconfigure.env;

import org.jspecify.annotations.NullMarked;
