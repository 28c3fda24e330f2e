/**
 * The telemetry console: a page under the actuator base path that shows the application's
 * own recent traces and its tracing pipeline, read from the {@code telemetry} endpoint,
 * and its metrics, collected on demand through a cumulative pull reader, with no
 * collector. Off unless {@code telemetry.console.enabled=true}.
 */
@NullMarked
package dev.telemetry.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
