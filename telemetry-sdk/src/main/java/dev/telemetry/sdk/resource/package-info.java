/**
 * The {@link dev.telemetry.sdk.resource.Resource} that describes the process producing
 * telemetry, and its built-in detectors.
 */
@NullMarked
package dev.telemetry.sdk.resource;

import org.jspecify.annotations.NullMarked;
