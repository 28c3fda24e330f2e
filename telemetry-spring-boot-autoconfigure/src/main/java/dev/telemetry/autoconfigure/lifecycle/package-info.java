/**
 * Flushes telemetry when the application stops, after the web server has drained its
 * requests.
 */
@NullMarked
package dev.telemetry.autoconfigure.lifecycle;

import org.jspecify.annotations.NullMarked;
