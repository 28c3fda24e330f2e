package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an encoded request reaches the collector from the encoder's own buffer,
 * without a copy of its own, byte for byte, and that the buffer is reused only once the
 * collector has accepted it. The gRPC receiver here keeps the raw bytes of every request
 * it receives, over a real loopback connection.
 */
class EncodedRequestHandOffTests {

	private final List<byte[]> received = new CopyOnWriteArrayList<>();

	private Server server;

	private OtlpGrpcSpanExporter exporter;

	@BeforeEach
	void startRawReceiver() throws IOException {
		MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {

			@Override
			public InputStream stream(byte[] value) {
				return new java.io.ByteArrayInputStream(value);
			}

			@Override
			public byte[] parse(InputStream stream) {
				try {
					return stream.readAllBytes();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}

		};
		MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(OtlpSignal.TRACES.grpcMethod())
			.setRequestMarshaller(raw)
			.setResponseMarshaller(raw)
			.build();
		ServerServiceDefinition service = ServerServiceDefinition
			.builder(MethodDescriptor.extractFullServiceName(OtlpSignal.TRACES.grpcMethod()))
			.addMethod(export, ServerCalls.asyncUnaryCall((request, response) -> {
				this.received.add(request);
				response.onNext(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
				response.onCompleted();
			}))
			.build();
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(service)
			.build()
			.start();
		this.exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + this.server.getPort()).build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.exporter.shutdown().join(10, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	@Timeout(30)
	void grpcReceiverGetsExactlyTheEncodersBytesForBatchesOfEverySize() {
		// 1 span, then many HTTP/2 frames' worth, then fewer again: the reused buffer is
		// larger than the last request, and only its start may be sent.
		List<List<SpanData>> batches = List.of(spans("one", 1), spans("large", 2000), spans("small", 3),
				List.of(RichSpans.serverSpan(), RichSpans.clientSpan()));
		List<byte[]> expected = new ArrayList<>();
		for (List<SpanData> batch : batches) {
			expected.add(new TraceRequestEncoder().toByteArray(batch));
			CompletableResult result = this.exporter.export(batch);
			assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		}

		assertThat(this.received).hasSize(batches.size());
		for (int i = 0; i < batches.size(); i++) {
			assertThat(this.received.get(i)).as("request %d", i).isEqualTo(expected.get(i));
		}
	}

	@Test
	@Timeout(30)
	void httpReceiverGetsEveryRequestWhileTheBufferIsReused() throws Exception {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			OtlpHttpSpanExporter http = OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
			try {
				List<List<SpanData>> batches = List.of(spans("large", 2000), spans("small", 3), spans("one", 1));
				List<ExportTraceServiceRequest> expected = new ArrayList<>();
				for (List<SpanData> batch : batches) {
					expected.add(ExportTraceServiceRequest.parseFrom(new TraceRequestEncoder().toByteArray(batch)));
					assertThat(http.export(batch).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
				}

				assertThat(receiver.requests()).containsExactlyElementsOf(expected);
			}
			finally {
				http.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void encoderReusesTheBufferOnlyAfterTheRequestIsReleased() {
		TraceRequestEncoder encoder = new TraceRequestEncoder();
		List<SpanData> batch = spans("span", 10);
		byte[] expected = encoder.toByteArray(batch);

		EncodedRequest first = encoder.toRequest(batch);
		EncodedRequest notReleased = encoder.toRequest(batch);
		assertThat(notReleased.bytes()).isNotSameAs(first.bytes());
		assertThat(first.toByteArray()).isEqualTo(expected);

		notReleased.release();
		EncodedRequest reusing = encoder.toRequest(spans("other", 3));
		assertThat(reusing.bytes()).isSameAs(notReleased.bytes());
		assertThat(reusing.length()).isLessThan(first.length());
		// The request handed over first still holds its own bytes.
		assertThat(first.toByteArray()).isEqualTo(expected);
	}

	@Test
	void grpcStreamKnowsItsLengthAndDrainsOnce() throws IOException {
		byte[] buffer = new byte[] { 1, 2, 3, 4, 5, 0, 0 };
		EncodedRequest request = EncodedRequest.of(buffer);
		InputStream stream = GrpcTransport.requestMarshaller()
			.stream(EncodedRequest.handedOver(buffer, 5, new java.util.concurrent.atomic.AtomicReference<>()));

		assertThat(stream).isInstanceOf(KnownLength.class).isInstanceOf(Drainable.class);
		assertThat(stream.available()).isEqualTo(5);
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		assertThat(((Drainable) stream).drainTo(target)).isEqualTo(5);
		assertThat(((Drainable) stream).drainTo(target)).isZero();
		assertThat(target.toByteArray()).containsExactly(1, 2, 3, 4, 5);
		assertThat(stream.available()).isZero();
		assertThat(stream.read()).isEqualTo(-1);
		assertThat(request.length()).isEqualTo(7);
	}

	private static List<SpanData> spans(String prefix, int count) {
		List<SpanData> spans = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			spans.add(TestSpanData.of(prefix + "-" + i, i));
		}
		return spans;
	}

}
