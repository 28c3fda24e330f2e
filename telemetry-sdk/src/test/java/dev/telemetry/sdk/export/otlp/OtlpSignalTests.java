package dev.telemetry.sdk.export.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks each {@link OtlpSignal} against the generated OTLP classes, and that
 * {@link ExportResponse} reads every signal's partial success, so that a signal is added
 * by data alone.
 */
class OtlpSignalTests {

	@Test
	void namesTheCollectorsExportMethods() {
		assertThat(OtlpSignal.TRACES.grpcMethod()).isEqualTo(TraceServiceGrpc.getExportMethod().getFullMethodName());
		assertThat(OtlpSignal.METRICS.grpcMethod()).isEqualTo(MetricsServiceGrpc.getExportMethod().getFullMethodName());
	}

	@Test
	void namesTheRejectedCountAsTheProtoDoesAtTheFieldNumberTheReaderExpects() {
		assertThat(ExportTracePartialSuccess.getDescriptor().findFieldByNumber(1).getName())
			.isEqualTo(OtlpSignal.TRACES.rejectedField());
		assertThat(ExportMetricsPartialSuccess.getDescriptor().findFieldByNumber(1).getName())
			.isEqualTo(OtlpSignal.METRICS.rejectedField());
	}

	@Test
	void readsThePartialSuccessOfEverySignal() {
		byte[] traces = ExportTraceServiceResponse.newBuilder()
			.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("too old"))
			.build()
			.toByteArray();
		byte[] metrics = ExportMetricsServiceResponse.newBuilder()
			.setPartialSuccess(
					ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(5).setErrorMessage("bad unit"))
			.build()
			.toByteArray();

		assertThat(ExportResponse.accepted(traces)).isEqualTo(AttemptOutcome.accepted(3, "too old"));
		assertThat(ExportResponse.accepted(metrics)).isEqualTo(AttemptOutcome.accepted(5, "bad unit"));
	}

	@Test
	void takesAnEmptyOrUnreadableAnswerAsAPlainSuccess() {
		assertThat(ExportResponse.accepted(null)).isEqualTo(AttemptOutcome.accepted(0, ""));
		assertThat(ExportResponse.accepted(new byte[0])).isEqualTo(AttemptOutcome.accepted(0, ""));
		assertThat(ExportResponse.accepted(ExportTraceServiceResponse.getDefaultInstance().toByteArray()))
			.isEqualTo(AttemptOutcome.accepted(0, ""));
		assertThat(ExportResponse.accepted("<html>proxy</html>".getBytes())).isEqualTo(AttemptOutcome.accepted(0, ""));
	}

	@Test
	void countsItemsInWords() {
		assertThat(OtlpSignal.TRACES.count(1)).isEqualTo("1 span");
		assertThat(OtlpSignal.METRICS.count(2)).isEqualTo("2 data points");
	}

}
