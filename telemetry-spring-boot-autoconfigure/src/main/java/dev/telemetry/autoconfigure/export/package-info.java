/**
 * Builds the span exporter from {@code telemetry.exporter.*}: the OTLP protocol and
 * endpoint, headers, compression, the retry policy with the batch processor's export
 * timeout as its budget, and TLS material from a Spring Boot SSL bundle.
 */
@NullMarked
package dev.telemetry.autoconfigure.export;

import org.jspecify.annotations.NullMarked;
