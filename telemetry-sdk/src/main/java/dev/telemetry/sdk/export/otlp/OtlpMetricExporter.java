package dev.telemetry.sdk.export.otlp;

import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;

/**
 * What every OTLP metric exporter does, whatever its transport: one
 * {@code ExportMetricsServiceRequest} per collection, sent as every {@link OtlpExporter}
 * sends (retries, budget, failure log lines and statistics count data points), and the
 * temporality and default histogram aggregation its back end asks for.
 * {@link OtlpGrpcMetricExporter} and {@link OtlpHttpMetricExporter} differ only in how
 * the bytes travel.
 * <p>
 * Thread-safe. No method throws for export problems; none blocks on the network but as
 * {@link OtlpExporter} describes.
 *
 * @since 0.1.0
 */
public abstract sealed class OtlpMetricExporter extends OtlpExporter implements MetricExporter
		permits OtlpGrpcMetricExporter, OtlpHttpMetricExporter {

	// Writes straight to a reused buffer: no message tree, next to no garbage per point.
	private final MetricsRequestEncoder encoder = new MetricsRequestEncoder();

	private final TemporalityPreference temporality;

	private final Aggregation histogramAggregation;

	OtlpMetricExporter(Logger logger, ExporterSettings settings, TemporalityPreference temporality,
			Aggregation histogramAggregation, OtlpTransport transport, ScheduledExecutorService scheduler) {
		super(logger, OtlpSignal.METRICS, settings, transport, scheduler);
		this.temporality = temporality;
		this.histogramAggregation = histogramAggregation;
	}

	/**
	 * Sends the metrics as one OTLP request, retrying as the policy allows. Returns at
	 * once; the result completes when the collector has accepted the request, or when the
	 * last attempt failed, the retry budget ran out or the exporter shut down. A
	 * collection without data points succeeds without a call; after {@link #shutdown()}
	 * every export fails at once.
	 * <p>
	 * When the collector accepts only part of the request (OTLP partial success), the
	 * result is still successful and nothing is retried; the rejected data points are
	 * counted and the collector's message is logged.
	 * @param metrics the metrics; read only during this call
	 * @return the outcome; never {@code null}, never thrown
	 */
	@Override
	public final CompletableResult export(Collection<MetricData> metrics) {
		int points = 0;
		for (MetricData metric : metrics) {
			points += metric.points().size();
		}
		return send(points, () -> encode(metrics));
	}

	private EncodedRequest encode(Collection<MetricData> metrics) {
		// The reader exports from one thread at a time; the lock only guards the reused
		// encoder against a caller that breaks that, and is uncontended.
		synchronized (this.encoder) {
			return this.encoder.toRequest(metrics);
		}
	}

	/**
	 * Does nothing: an OTLP exporter keeps no metrics of its own.
	 * @return a successful result
	 */
	@Override
	public final CompletableResult flush() {
		return CompletableResult.ofSuccess();
	}

	/**
	 * Returns the temporality the back end asks for, by the configured preference.
	 * @param instrumentType the kind of instrument
	 * @return its temporality
	 */
	@Override
	public final AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.temporality.temporalityFor(instrumentType);
	}

	/**
	 * Returns the configured histogram aggregation for histograms, and the default for
	 * every other kind.
	 * @param instrumentType the kind of instrument
	 * @return its aggregation when no view chooses one
	 */
	@Override
	public final Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return (instrumentType == InstrumentType.HISTOGRAM) ? this.histogramAggregation
				: Aggregation.defaultAggregation();
	}

	/**
	 * Returns the temporality preference.
	 * @return the preference
	 */
	public final TemporalityPreference getTemporalityPreference() {
		return this.temporality;
	}

}
