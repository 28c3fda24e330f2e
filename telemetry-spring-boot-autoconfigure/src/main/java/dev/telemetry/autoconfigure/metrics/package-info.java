/**
 * Builds the meter provider, its views and its periodic reader from
 * {@code telemetry.metrics.*}, with the resource shared with tracing.
 */
@NullMarked
package dev.telemetry.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
