/**
 * Spring Boot auto-configuration that builds the telemetry SDK from {@code telemetry.*}
 * properties and hooks it into Micrometer's {@code ObservationRegistry}.
 */
@NullMarked
package dev.telemetry.autoconfigure;

import org.jspecify.annotations.NullMarked;
