/**
 * The Prometheus pull side of the metrics pipeline: renders a collection of
 * {@code MetricData} in the Prometheus text format 0.0.4 or in OpenMetrics 1.0 text, with
 * names, units and labels mapped as the OpenTelemetry specification's Prometheus
 * compatibility rules say. Serving the bytes over HTTP is left to the caller (the Spring
 * glue serves them as an actuator endpoint).
 */
@NullMarked
package dev.telemetry.sdk.export.prometheus;

import org.jspecify.annotations.NullMarked;
