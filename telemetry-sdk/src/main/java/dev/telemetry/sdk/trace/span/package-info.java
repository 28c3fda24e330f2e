/**
 * The span model shared by the engine, samplers, processors and exporters:
 * {@link dev.telemetry.sdk.trace.span.Span},
 * {@link dev.telemetry.sdk.trace.span.SpanContext},
 * {@link dev.telemetry.sdk.trace.span.SpanData} and their value types.
 */
@NullMarked
package dev.telemetry.sdk.trace.span;

import org.jspecify.annotations.NullMarked;
