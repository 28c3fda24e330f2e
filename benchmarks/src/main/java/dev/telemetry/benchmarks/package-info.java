/**
 * JMH benchmarks of the starter side by side with Spring Boot's native tracing stack and
 * the OpenTelemetry Java SDK, the runner that prints them as tables, and the loopback
 * OTLP sink of the end-to-end overhead script. Not part of the starter.
 */
@NullMarked
package dev.telemetry.benchmarks;

import org.jspecify.annotations.NullMarked;
