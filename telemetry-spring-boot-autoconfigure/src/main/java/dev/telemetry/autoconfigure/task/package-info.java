/**
 * Work on other threads: propagation of the current observation through task executors
 * and schedulers, and spans for {@code @Scheduled} runs.
 */
@NullMarked
package dev.telemetry.autoconfigure.task;

import org.jspecify.annotations.NullMarked;
