/**
 * Prometheus pull: a cumulative pull reader on the starter's meter provider and the
 * {@code telemetryprometheus} actuator endpoint that renders it in the Prometheus text
 * format or OpenMetrics.
 */
@NullMarked
package dev.telemetry.autoconfigure.prometheus;

import org.jspecify.annotations.NullMarked;
