package dev.telemetry.sdk.export.otlp;

import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;

/**
 * What the {@linkplain OtlpGrpcMetricExporterBuilder OTLP/gRPC} and
 * {@linkplain OtlpHttpMetricExporterBuilder OTLP/HTTP} metric exporter builders share:
 * every setting of {@link OtlpExporterBuilder}, the temporality preference, the default
 * histogram aggregation, and a {@link #build()} that returns an
 * {@link OtlpMetricExporter}. Not thread-safe; configure on one thread, then call
 * {@link #build()}.
 *
 * @param <B> the builder's own type, which every setter returns
 * @param <E> the exporter it builds
 * @since 0.1.0
 */
public abstract sealed class OtlpMetricExporterBuilder<B extends OtlpMetricExporterBuilder<B, E>, E extends OtlpMetricExporter>
		extends OtlpExporterBuilder<B> permits OtlpGrpcMetricExporterBuilder, OtlpHttpMetricExporterBuilder {

	/** The temporality preference used unless one is set: cumulative for every kind. */
	public static final TemporalityPreference DEFAULT_TEMPORALITY = TemporalityPreference.CUMULATIVE;

	/**
	 * The aggregation of histograms no view configures, unless one is set: explicit
	 * buckets, with the instrument's advice or the SDK's boundaries.
	 */
	public static final Aggregation DEFAULT_HISTOGRAM_AGGREGATION = Aggregation.explicitBucketHistogram();

	TemporalityPreference temporality = DEFAULT_TEMPORALITY;

	Aggregation histogramAggregation = DEFAULT_HISTOGRAM_AGGREGATION;

	OtlpMetricExporterBuilder(String defaultEndpoint, UnaryOperator<String> headerNameValidator) {
		super(defaultEndpoint, headerNameValidator);
	}

	/**
	 * Sets the temporality the back end asks for, per instrument kind.
	 * @param preference the preference
	 * @return this builder
	 * @throws NullPointerException when {@code preference} is {@code null}
	 */
	public B setTemporalityPreference(TemporalityPreference preference) {
		this.temporality = Objects.requireNonNull(preference, "preference");
		return self();
	}

	/**
	 * Sets how histograms are aggregated when no view says otherwise.
	 * @param aggregation an explicit-bucket or base-2 exponential histogram
	 * @return this builder
	 * @throws IllegalArgumentException when the aggregation is not a histogram
	 * @throws NullPointerException when {@code aggregation} is {@code null}
	 */
	public B setDefaultHistogramAggregation(Aggregation aggregation) {
		Objects.requireNonNull(aggregation, "aggregation");
		if (!(aggregation instanceof Aggregation.ExplicitBucketHistogram)
				&& !(aggregation instanceof Aggregation.Base2ExponentialBucketHistogram)) {
			throw new IllegalArgumentException(
					"the default histogram aggregation must be a histogram, not " + aggregation);
		}
		this.histogramAggregation = aggregation;
		return self();
	}

	/**
	 * Creates the exporter. Nothing connects until the first export, so this neither
	 * blocks on the network nor fails when no collector is running yet.
	 * @return a new exporter; each call creates another with its own connection
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	public abstract E build();

}
