/**
 * The aggregations: for each, a cell that recording threads write into without locks (a
 * lock per cell only for exponential histograms) and an accumulator that the collecting
 * thread folds cells into and turns into points; and the exemplar reservoirs.
 * <p>
 * <strong>Not an API.</strong> Public only so that the metrics SDK's packages can share
 * these types; they may change in any release.
 */
@NullMarked
package dev.telemetry.sdk.metrics.internal.aggregation;

import org.jspecify.annotations.NullMarked;
