/**
 * Builds the propagator from {@code telemetry.propagation.*}.
 */
@NullMarked
package dev.telemetry.autoconfigure.propagation;

import org.jspecify.annotations.NullMarked;
