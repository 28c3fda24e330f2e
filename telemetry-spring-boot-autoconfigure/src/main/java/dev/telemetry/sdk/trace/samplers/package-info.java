/**
 * Head samplers, consulted once per new span before anything is recorded.
 */
@NullMarked
package dev.telemetry.sdk.trace.samplers;

import org.jspecify.annotations.NullMarked;
