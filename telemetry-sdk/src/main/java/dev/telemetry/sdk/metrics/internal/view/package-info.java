/**
 * How views change a stream's attributes: compiled name and value globs and the attribute
 * processor that filters keys and bounds values to {@code _OTHER}.
 * <p>
 * <strong>Not an API.</strong> Public only so that the metrics SDK's packages can share
 * these types; they may change in any release.
 */
@NullMarked
package dev.telemetry.sdk.metrics.internal.view;

import org.jspecify.annotations.NullMarked;
