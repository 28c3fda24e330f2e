/**
 * Log correlation: the current span's ids in the SLF4J MDC while an observation's scope
 * is open.
 */
@NullMarked
package dev.telemetry.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
