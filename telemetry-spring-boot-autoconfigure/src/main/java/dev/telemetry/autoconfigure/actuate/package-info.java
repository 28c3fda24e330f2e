/**
 * Spring Boot actuator support: the {@code telemetry} endpoint (read the pipeline, its
 * recent spans and traces; steer the sampler and flush), the {@code telemetry} health
 * indicator, and the SDK's self-metrics in Micrometer's registry. Everything here reads
 * counters the SDK keeps anyway; nothing runs on the span path.
 */
@NullMarked
package dev.telemetry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
