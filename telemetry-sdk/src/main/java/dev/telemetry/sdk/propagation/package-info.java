/**
 * Propagators that inject and extract trace context and baggage across process boundaries
 * (W3C Trace Context, W3C Baggage). Malformed input is ignored, never thrown.
 */
@NullMarked
package dev.telemetry.sdk.propagation;

import org.jspecify.annotations.NullMarked;
