/**
 * Span processors and the exporter contract: what happens to a span once it ends.
 */
@NullMarked
package dev.telemetry.sdk.trace.export;

import org.jspecify.annotations.NullMarked;
