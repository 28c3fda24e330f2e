/**
 * Builds the span exporter from {@code telemetry.exporter.*}.
 */
@NullMarked
package dev.telemetry.autoconfigure.export;

import org.jspecify.annotations.NullMarked;
