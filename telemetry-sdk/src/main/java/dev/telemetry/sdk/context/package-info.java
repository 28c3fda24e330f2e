/**
 * An immutable, key-value {@link dev.telemetry.sdk.context.Context} and its thread-local
 * storage, which carries the current span and baggage.
 */
@NullMarked
package dev.telemetry.sdk.context;

import org.jspecify.annotations.NullMarked;
