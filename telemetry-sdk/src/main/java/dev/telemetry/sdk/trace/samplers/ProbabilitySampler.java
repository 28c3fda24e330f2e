package dev.telemetry.sdk.trace.samplers;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry's consistent probability sampler: samples when the trace's 56-bit
 * randomness is at least the rejection threshold derived from the ratio, and records the
 * threshold in {@code tracestate} ({@code ot=th:…}) on sampled spans so that adjusted
 * counts can be computed downstream.
 * <p>
 * Randomness is the {@code rv} sub-key of the parent's {@code ot} entry when present and
 * valid, else the rightmost 56 bits of the trace id. Because every participant compares
 * the same randomness with its own threshold, a trace sampled at some ratio is sampled by
 * every participant with a higher ratio, in any process and any SDK that follows the
 * specification.
 * <p>
 * Implementation: the threshold and its encoding are computed once; a decision is a mask,
 * a comparison, and (for a child span) a scan of the parent's {@code ot} entry for
 * {@code rv}. Results are shared; a dropped root allocates nothing.
 */
final class ProbabilitySampler implements Sampler {

	/**
	 * Significant hex digits of an encoded threshold, as in the specification's worked
	 * example (1% is {@code th:fd70a4}).
	 */
	static final int DEFAULT_PRECISION = 5;

	/** The smallest ratio above zero that 56 bits of randomness can express. */
	static final double MIN_RATIO = 0x1p-56;

	private final double ratio;

	private final long threshold;

	private final @Nullable ThresholdSamplingResult sampled;

	private final String description;

	private ProbabilitySampler(double ratio, long threshold) {
		this.ratio = ratio;
		this.threshold = threshold;
		if (threshold < OtTraceState.MAX_THRESHOLD) {
			String encoded = OtTraceState.encodeThreshold(threshold);
			this.sampled = new ThresholdSamplingResult(encoded);
			this.description = "ProbabilitySampler{" + TraceIdRatioBasedSampler.format(ratio) + ",th:" + encoded + "}";
		}
		else {
			this.sampled = null;
			this.description = "ProbabilitySampler{" + TraceIdRatioBasedSampler.format(ratio) + "}";
		}
	}

	static ProbabilitySampler create(double ratio) {
		return create(ratio, DEFAULT_PRECISION);
	}

	static ProbabilitySampler create(double ratio, int precision) {
		return new ProbabilitySampler(ratio, threshold(ratio, precision));
	}

	/**
	 * Computes the rejection threshold for a ratio: {@code (1 - ratio) * 2^56} rounded
	 * half up to {@code precision} significant hex digits, where digits that are
	 * {@code f} only because the ratio is small do not count (so small ratios keep their
	 * relative precision), and at most 12 digits.
	 * @param ratio 0, or from {@link #MIN_RATIO} to 1
	 * @param precision significant hex digits, from 1 to 12
	 * @return the threshold; {@link OtTraceState#MAX_THRESHOLD} for ratio 0
	 */
	static long threshold(double ratio, int precision) {
		if (!(ratio == 0.0 || (ratio >= MIN_RATIO && ratio <= 1.0))) {
			throw new IllegalArgumentException(
					"ratio must be 0.0, or between 2^-56 (" + MIN_RATIO + ") and 1.0, was " + ratio);
		}
		if (precision < 1 || precision > 12) {
			throw new IllegalArgumentException("precision must be between 1 and 12, was " + precision);
		}
		if (ratio == 0.0) {
			return OtTraceState.MAX_THRESHOLD;
		}
		if (ratio == 1.0) {
			return 0;
		}
		// ratio = m * 2^exponent with m in [0.5, 1): each 4 bits of exponent below zero
		// add one leading f
		int exponent = Math.getExponent(ratio) + 1;
		int digits = Math.max(1, Math.min(12, precision + Math.floorDiv(-exponent, 4)));
		int dropBits = 4 * (14 - digits);
		BigDecimal exact = BigDecimal.ONE.subtract(new BigDecimal(ratio))
			.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(56)));
		long rounded = exact.divide(new BigDecimal(BigInteger.ONE.shiftLeft(dropBits)), 0, RoundingMode.HALF_UP)
			.longValueExact() << dropBits;
		// rounding up can only reach 2^56 for the tiniest ratios: keep the largest
		// threshold of that precision instead
		return (rounded >= OtTraceState.MAX_THRESHOLD) ? OtTraceState.MAX_THRESHOLD - (1L << dropBits) : rounded;
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		long randomness = parent.isValid() ? OtTraceState.explicitRandomness(parent.getTraceState()) : -1;
		if (randomness < 0) {
			randomness = traceIdLow & OtTraceState.RANDOMNESS_MASK;
		}
		ThresholdSamplingResult result = this.sampled;
		return (result != null && randomness >= this.threshold) ? result : ErasingSamplingResult.DROP;
	}

	double getRatio() {
		return this.ratio;
	}

	long getThreshold() {
		return this.threshold;
	}

	@Override
	public String getDescription() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
