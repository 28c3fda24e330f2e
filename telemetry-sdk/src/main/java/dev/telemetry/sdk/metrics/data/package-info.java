/**
 * Immutable snapshots of collected metrics, handed by readers to exporters:
 * {@link dev.telemetry.sdk.metrics.data.MetricData} and its points and exemplars.
 */
@NullMarked
package dev.telemetry.sdk.metrics.data;

import org.jspecify.annotations.NullMarked;
