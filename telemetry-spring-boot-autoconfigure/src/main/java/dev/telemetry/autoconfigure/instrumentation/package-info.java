/**
 * What the instrumented boundaries share: their {@code telemetry.instrumentation.*}
 * switches, the convention that switches tracing of an observation type off, and the
 * defaults the starter gives Spring Boot's logging and Reactor settings.
 */
@NullMarked
package dev.telemetry.autoconfigure.instrumentation;

import org.jspecify.annotations.NullMarked;
