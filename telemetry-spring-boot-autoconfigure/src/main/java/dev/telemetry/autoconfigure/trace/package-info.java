/**
 * Builds the sampler, batch span processor and tracer provider from
 * {@code telemetry.tracing.*}.
 */
@NullMarked
package dev.telemetry.autoconfigure.trace;

import org.jspecify.annotations.NullMarked;
