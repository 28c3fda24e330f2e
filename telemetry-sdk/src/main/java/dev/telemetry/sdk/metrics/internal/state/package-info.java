/**
 * Per-stream storage: the attribute sets of one stream for one reader, the cardinality
 * limit and its overflow set, and the phaser that lets a collection take a consistent
 * interval without blocking recording threads.
 * <p>
 * <strong>Not an API.</strong> Public only so that the metrics SDK's packages can share
 * these types; they may change in any release.
 */
@NullMarked
package dev.telemetry.sdk.metrics.internal.state;

import org.jspecify.annotations.NullMarked;
