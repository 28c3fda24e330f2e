/**
 * The telemetry SDK: tracing, propagation, resources and OTLP export. Nothing here
 * depends on Spring or Micrometer; {@code dev.telemetry.autoconfigure} is the only place
 * that does.
 */
@NullMarked
package dev.telemetry.sdk;

import org.jspecify.annotations.NullMarked;
