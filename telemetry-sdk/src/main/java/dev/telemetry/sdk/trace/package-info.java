/**
 * The tracing engine: {@link dev.telemetry.sdk.trace.TracerProvider}, tracers, span
 * builders and recording spans.
 */
@NullMarked
package dev.telemetry.sdk.trace;

import org.jspecify.annotations.NullMarked;
