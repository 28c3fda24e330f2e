/**
 * The Micrometer bridge: a {@code MeterRegistry} in Spring Boot's composite registry that
 * feeds Micrometer meters into this starter's metrics pipeline, leaving out those that
 * would measure twice what the starter already measures.
 */
@NullMarked
package dev.telemetry.autoconfigure.micrometer;

import org.jspecify.annotations.NullMarked;
