/**
 * W3C baggage: immutable name/value entries carried in the
 * {@link dev.telemetry.sdk.context.Context}.
 */
@NullMarked
package dev.telemetry.sdk.baggage;

import org.jspecify.annotations.NullMarked;
