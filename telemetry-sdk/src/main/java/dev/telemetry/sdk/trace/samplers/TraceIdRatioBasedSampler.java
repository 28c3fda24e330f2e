package dev.telemetry.sdk.trace.samplers;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Samples a trace when the absolute value of the low 64 bits of its trace id is below a
 * bound derived from the ratio.
 * <p>
 * Implementation: the bound and the comparison are those of the OpenTelemetry Java SDK
 * (including its treatment of {@code Long.MIN_VALUE}), so that a fleet mixing both SDKs
 * makes one decision per trace. A decision is one comparison and allocates nothing.
 */
final class TraceIdRatioBasedSampler implements Sampler {

	private final double ratio;

	private final long idUpperBound;

	private final String description;

	private TraceIdRatioBasedSampler(double ratio, long idUpperBound) {
		this.ratio = ratio;
		this.idUpperBound = idUpperBound;
		this.description = "TraceIdRatioBased{" + format(ratio) + "}";
	}

	/**
	 * Formats a ratio with six decimals and half-even rounding, as the reference SDK
	 * formats it, so descriptions match to the digit.
	 */
	static String format(double ratio) {
		return new DecimalFormat("0.000000", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(ratio);
	}

	static TraceIdRatioBasedSampler create(double ratio) {
		if (!(ratio >= 0.0 && ratio <= 1.0)) {
			throw new IllegalArgumentException("ratio must be between 0.0 and 1.0, was " + ratio);
		}
		long bound;
		if (ratio == 0.0) {
			bound = Long.MIN_VALUE;
		}
		else if (ratio == 1.0) {
			bound = Long.MAX_VALUE;
		}
		else {
			bound = (long) (ratio * Long.MAX_VALUE);
		}
		return new TraceIdRatioBasedSampler(ratio, bound);
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		return (Math.abs(traceIdLow) < this.idUpperBound) ? SamplingResult.recordAndSample() : SamplingResult.drop();
	}

	double getRatio() {
		return this.ratio;
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
