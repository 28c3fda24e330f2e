/**
 * Reading and exporting metrics: the
 * {@link dev.telemetry.sdk.metrics.export.MetricExporter} contract, a
 * {@link dev.telemetry.sdk.metrics.export.PeriodicMetricReader} that pushes to an
 * exporter on a schedule, and a {@link dev.telemetry.sdk.metrics.export.PullMetricReader}
 * that collects when asked (a scrape, a diagnostics page, a final flush).
 */
@NullMarked
package dev.telemetry.sdk.metrics.export;

import org.jspecify.annotations.NullMarked;
