/**
 * Turns Micrometer {@code Observation}s into spans: the tracing
 * {@code ObservationHandler} and the span conventions that name and annotate them.
 */
@NullMarked
package dev.telemetry.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
