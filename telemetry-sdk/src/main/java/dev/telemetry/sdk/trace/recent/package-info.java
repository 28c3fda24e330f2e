/**
 * What the application traced a moment ago, kept in the process within a fixed budget:
 * {@link dev.telemetry.sdk.trace.recent.RecentSpansProcessor} counts ended spans per name
 * and latency bucket, keeps a few samples of each, and keeps the latest spans in a ring
 * that can be read back grouped by trace, for diagnostic pages that need no collector.
 */
@NullMarked
package dev.telemetry.sdk.trace.recent;

import org.jspecify.annotations.NullMarked;
