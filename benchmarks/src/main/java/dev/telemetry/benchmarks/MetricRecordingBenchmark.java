package dev.telemetry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.LongHistogram;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 6: one measurement into an existing series with 4 attributes, a counter add
 * or an explicit-bucket histogram record (default boundaries, exemplars trace-based, with
 * no span or a sampled one in the measurement's context, which offers every measurement
 * as an exemplar), with this project's metrics SDK and OpenTelemetry's
 * {@code SdkMeterProvider}, each with one cumulative reader that never collects during
 * the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class MetricRecordingBenchmark {

	@Param({ "ours", "otel" })
	public String sdk;

	@Param({ "counter", "histogram" })
	public String instrument;

	@Param({ "none", "sampled" })
	public String span;

	private boolean sampled;

	private Context ourContext;

	private io.opentelemetry.context.Context otelContext;

	private MeterProvider ours;

	private LongCounter ourCounter;

	private LongHistogram ourHistogram;

	private Attributes ourAttributes;

	private SdkMeterProvider otel;

	private io.opentelemetry.api.metrics.LongCounter otelCounter;

	private io.opentelemetry.api.metrics.LongHistogram otelHistogram;

	private io.opentelemetry.api.common.Attributes otelAttributes;

	private long value;

	@Setup(Level.Trial)
	public void setUp() {
		this.ours = MeterProvider.builder().registerMetricReader(PullMetricReader.create()).build();
		this.ourCounter = this.ours.get("bench").counterBuilder("requests").build();
		this.ourHistogram = this.ours.get("bench").histogramBuilder("duration").ofLongs().build();
		this.ourAttributes = Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.route", "/orders/{id}")
			.put("http.response.status_code", 200L)
			.put("url.scheme", "https")
			.build();
		this.otel = SdkMeterProvider.builder().registerMetricReader(new IdleReader()).build();
		this.otelCounter = this.otel.get("bench").counterBuilder("requests").build();
		this.otelHistogram = this.otel.get("bench").histogramBuilder("duration").ofLongs().build();
		this.otelAttributes = io.opentelemetry.api.common.Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.route", "/orders/{id}")
			.put("http.response.status_code", 200L)
			.put("url.scheme", "https")
			.build();
		this.sampled = this.span.equals("sampled");
		this.ourContext = Span.wrap(SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty()))
			.storeInContext(Context.root());
		this.otelContext = io.opentelemetry.context.Context.root()
			.with(io.opentelemetry.api.trace.Span
				.wrap(io.opentelemetry.api.trace.SpanContext.create("00000000000000000000000000000001",
						"0000000000000003", io.opentelemetry.api.trace.TraceFlags.getSampled(),
						io.opentelemetry.api.trace.TraceState.getDefault())));
		// the series exists before the measurement starts
		record();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.ours.close();
		this.otel.close();
	}

	@Benchmark
	public void record() {
		long next = (this.value + 37) & 1023;
		this.value = next;
		boolean counter = this.instrument.equals("counter");
		if (this.sampled) {
			recordInSpan(next, counter);
		}
		else if (this.sdk.equals("ours")) {
			if (counter) {
				this.ourCounter.add(1, this.ourAttributes);
			}
			else {
				this.ourHistogram.record(next, this.ourAttributes);
			}
		}
		else if (counter) {
			this.otelCounter.add(1, this.otelAttributes);
		}
		else {
			this.otelHistogram.record(next, this.otelAttributes);
		}
	}

	private void recordInSpan(long next, boolean counter) {
		if (this.sdk.equals("ours")) {
			if (counter) {
				this.ourCounter.add(1, this.ourAttributes, this.ourContext);
			}
			else {
				this.ourHistogram.record(next, this.ourAttributes, this.ourContext);
			}
		}
		else if (counter) {
			this.otelCounter.add(1, this.otelAttributes, this.otelContext);
		}
		else {
			this.otelHistogram.record(next, this.otelAttributes, this.otelContext);
		}
	}

	/** A cumulative reader that never collects, as ours is in the benchmark. */
	static final class IdleReader implements MetricReader {

		@Override
		public void register(CollectionRegistration registration) {
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.CUMULATIVE;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
