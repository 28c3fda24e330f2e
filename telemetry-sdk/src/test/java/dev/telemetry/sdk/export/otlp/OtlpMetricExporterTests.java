package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import dev.telemetry.testing.MetricSamples;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OtlpGrpcMetricExporter} and {@link OtlpHttpMetricExporter} against
 * real OTLP receivers on loopback: what arrives, and how they cope with a collector that
 * fails, hangs, refuses connections or accepts only part of a request. The retry
 * machinery itself is the span exporters' and is tested there.
 */
@Timeout(60)
class OtlpMetricExporterTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final RetryPolicy FAST = RetryPolicy.builder()
		.setInitialBackoff(Duration.ofMillis(20))
		.setMaxBackoff(Duration.ofMillis(50))
		.build();

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> GRPC_ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final List<OtlpExporter> exporters = new ArrayList<>();

	@AfterEach
	void stopEverything() throws Exception {
		for (OtlpExporter exporter : this.exporters) {
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void grpcSendsEveryMetricOfACollectionAsOneRequestWithHeadersAndGzip() {
		OtlpTestReceiver receiver = grpcReceiver();
		OtlpGrpcMetricExporter exporter = track(OtlpGrpcMetricExporter.builder()
			.setEndpoint(receiver.endpoint())
			.addHeader("authorization", "Bearer metrics-token")
			.setCompression("gzip")
			.build());
		List<MetricData> metrics = MetricSamples.everyType();

		assertThat(exporter.export(metrics).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(receiver.metricsRequests()).singleElement().isEqualTo(encoded(metrics));
		assertThat(receiver.requests()).as("no trace request").isEmpty();
		assertThat(receiver.headers()).singleElement().satisfies((headers) -> {
			assertThat(headers.get(AUTHORIZATION)).isEqualTo("Bearer metrics-token");
			assertThat(headers.get(GRPC_ENCODING)).isEqualTo("gzip");
		});
		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.exportsSucceeded()).isOne();
		assertThat(statistics.itemsExported()).as("data points").isEqualTo(dataPoints(metrics));
	}

	@Test
	void grpcRetriesUnavailableAfterTheDelayTheCollectorAsksForThenSucceeds() {
		OtlpTestReceiver receiver = grpcReceiver();
		receiver.failNextWithRetryInfo(1, Status.UNAVAILABLE.withDescription("restarting"), Duration.ofMillis(30));
		OtlpGrpcMetricExporter exporter = track(
				OtlpGrpcMetricExporter.builder().setEndpoint(receiver.endpoint()).setRetryPolicy(FAST).build());

		CompletableResult result = exporter.export(MetricSamples.histograms(2, 5));

		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(receiver.callCount()).isEqualTo(2);
		assertThat(receiver.metrics()).hasSize(2);
		assertThat(exporter.getStatistics().retries()).isOne();
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("UNAVAILABLE");
	}

	@Test
	void grpcCountsRejectedDataPointsOfAPartialSuccessWithoutRetrying() {
		OtlpTestReceiver receiver = grpcReceiver();
		receiver.respondWithPartialSuccess(3, "3 points are too old");
		OtlpGrpcMetricExporter exporter = track(
				OtlpGrpcMetricExporter.builder().setEndpoint(receiver.endpoint()).setRetryPolicy(FAST).build());

		assertThat(exporter.export(MetricSamples.histograms(1, 10)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(receiver.callCount()).isOne();
		assertThat(exporter.getStatistics().itemsRejected()).as("data points").isEqualTo(3);
	}

	@Test
	void grpcEndsAnExportToAHangingCollectorWithinItsBudget() {
		OtlpTestReceiver receiver = grpcReceiver();
		receiver.hang(true);
		OtlpGrpcMetricExporter exporter = track(OtlpGrpcMetricExporter.builder()
			.setEndpoint(receiver.endpoint())
			.setTimeout(Duration.ofMillis(200))
			.setRetryPolicy(FAST)
			.setRetryBudget(Duration.ofMillis(600))
			.build());

		CompletableResult result = exporter.export(MetricSamples.histograms(1, 1));

		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("DEADLINE_EXCEEDED");
	}

	@Test
	void grpcFailsWhileTheCollectorRefusesConnectionsAndWorksAgainWhenItIsBack() {
		OtlpTestReceiver receiver = grpcReceiver();
		OtlpGrpcMetricExporter exporter = track(OtlpGrpcMetricExporter.builder()
			.setEndpoint(receiver.endpoint())
			.setRetryPolicy(RetryPolicy.disabled())
			.build());
		receiver.refuseConnections();

		assertThat(exporter.export(MetricSamples.histograms(1, 1)).join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
		receiver.acceptConnections();

		assertThat(exporter.export(MetricSamples.histograms(1, 2)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(receiver.metrics()).singleElement()
			.satisfies((metric) -> assertThat(metric.getHistogram().getDataPointsList()).hasSize(2));
	}

	@Test
	void httpPostsEveryMetricToV1MetricsGzippedWithHeaders() {
		OtlpHttpTestReceiver receiver = httpReceiver();
		OtlpHttpMetricExporter exporter = track(OtlpHttpMetricExporter.builder()
			.setEndpoint(receiver.endpoint())
			.addHeader("authorization", "Bearer metrics-token")
			.setCompression("gzip")
			.build());
		List<MetricData> metrics = MetricSamples.everyType();

		assertThat(exporter.export(metrics).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(exporter.getMetricsUrl()).isEqualTo(receiver.endpoint() + OtlpHttpTestReceiver.METRICS_PATH);
		assertThat(receiver.metricsRequests()).singleElement().isEqualTo(encoded(metrics));
		assertThat(receiver.contentEncodings()).containsExactly("gzip");
		assertThat(receiver.headers()).singleElement().satisfies((headers) -> {
			assertThat(headers).containsEntry("authorization", List.of("Bearer metrics-token"));
			assertThat(headers).containsEntry("content-type", List.of("application/x-protobuf"));
		});
	}

	@Test
	void httpRetriesA503AfterRetryAfterThenSucceeds() {
		OtlpHttpTestReceiver receiver = httpReceiver();
		receiver.failNextWithRetryAfter(1, 503, Duration.ZERO);
		OtlpHttpMetricExporter exporter = track(
				OtlpHttpMetricExporter.builder().setEndpoint(receiver.endpoint()).setRetryPolicy(FAST).build());

		assertThat(exporter.export(MetricSamples.histograms(1, 3)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(receiver.callCount()).isEqualTo(2);
		assertThat(exporter.getStatistics().retries()).isOne();
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("HTTP 503");
	}

	@Test
	void httpCountsRejectedDataPointsOfAPartialSuccess() {
		OtlpHttpTestReceiver receiver = httpReceiver();
		receiver.respondWithPartialSuccess(2, "2 points rejected");
		OtlpHttpMetricExporter exporter = track(
				OtlpHttpMetricExporter.builder().setEndpoint(receiver.endpoint()).build());

		assertThat(exporter.export(MetricSamples.histograms(1, 4)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(exporter.getStatistics().itemsRejected()).as("data points").isEqualTo(2);
	}

	@Test
	void httpUsesAnEndpointThatAlreadyEndsWithTheMetricsPathAsItIs() {
		OtlpHttpMetricExporter exporter = track(
				OtlpHttpMetricExporter.builder().setEndpoint("https://collector.example.com/v1/metrics").build());

		assertThat(exporter.getMetricsUrl()).isEqualTo("https://collector.example.com:443/v1/metrics");
	}

	@Test
	void anEmptyCollectionSucceedsWithoutACall() {
		OtlpTestReceiver receiver = grpcReceiver();
		OtlpGrpcMetricExporter exporter = track(
				OtlpGrpcMetricExporter.builder().setEndpoint(receiver.endpoint()).build());

		assertThat(exporter.export(List.of()).isSuccess()).isTrue();

		assertThat(receiver.callCount()).isZero();
	}

	@Test
	void answersTheTemporalityAndHistogramAggregationItWasBuiltWith() {
		OtlpGrpcMetricExporter exporter = track(OtlpGrpcMetricExporter.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.setDefaultHistogramAggregation(Aggregation.base2ExponentialBucketHistogram())
			.build());

		assertThat(exporter.getAggregationTemporality(InstrumentType.COUNTER)).isEqualTo(AggregationTemporality.DELTA);
		assertThat(exporter.getAggregationTemporality(InstrumentType.UP_DOWN_COUNTER))
			.isEqualTo(AggregationTemporality.CUMULATIVE);
		assertThat(exporter.getDefaultAggregation(InstrumentType.HISTOGRAM))
			.isEqualTo(Aggregation.base2ExponentialBucketHistogram());
		assertThat(exporter.getDefaultAggregation(InstrumentType.COUNTER)).isEqualTo(Aggregation.defaultAggregation());
		OtlpHttpMetricExporter defaults = track(OtlpHttpMetricExporter.builder().build());
		assertThat(defaults.getTemporalityPreference()).isEqualTo(TemporalityPreference.CUMULATIVE);
		assertThat(defaults.getDefaultAggregation(InstrumentType.HISTOGRAM))
			.isEqualTo(Aggregation.explicitBucketHistogram());
	}

	@Test
	void refusesADefaultHistogramAggregationThatIsNoHistogram() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcMetricExporter.builder().setDefaultHistogramAggregation(Aggregation.sum()))
			.withMessageContaining("must be a histogram");
	}

	@Test
	void showsNoHeaderValueInToString() {
		OtlpGrpcMetricExporter exporter = track(
				OtlpGrpcMetricExporter.builder().addHeader("authorization", "Bearer secret-value").build());

		assertThat(exporter.toString()).contains("OtlpGrpcMetricExporter", "authorization")
			.doesNotContain("secret-value");
	}

	private static ExportMetricsServiceRequest encoded(List<MetricData> metrics) {
		try {
			return ExportMetricsServiceRequest.parseFrom(new MetricsRequestEncoder().toByteArray(metrics));
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long dataPoints(List<MetricData> metrics) {
		return metrics.stream().mapToLong((metric) -> metric.points().size()).sum();
	}

	private OtlpTestReceiver grpcReceiver() {
		OtlpTestReceiver receiver = OtlpTestReceiver.start();
		this.closeables.add(receiver);
		return receiver;
	}

	private OtlpHttpTestReceiver httpReceiver() {
		OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start();
		this.closeables.add(receiver);
		return receiver;
	}

	private <E extends OtlpExporter> E track(E exporter) {
		this.exporters.add(exporter);
		return exporter;
	}

}
