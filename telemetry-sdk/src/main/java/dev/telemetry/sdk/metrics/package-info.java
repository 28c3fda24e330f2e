/**
 * The metrics SDK: a {@link dev.telemetry.sdk.metrics.MeterProvider} hands out
 * {@link dev.telemetry.sdk.metrics.Meter}s, which build instruments; measurements are
 * aggregated into streams chosen by {@link dev.telemetry.sdk.metrics.View}s and read by
 * {@link dev.telemetry.sdk.metrics.MetricReader}s (see
 * {@code dev.telemetry.sdk.metrics.export}).
 * <p>
 * {@code MetricReader} and {@link dev.telemetry.sdk.metrics.MetricProducer} live here
 * rather than in the export package so that the export package depends on this one and
 * never the other way round.
 */
@NullMarked
package dev.telemetry.sdk.metrics;

import org.jspecify.annotations.NullMarked;
