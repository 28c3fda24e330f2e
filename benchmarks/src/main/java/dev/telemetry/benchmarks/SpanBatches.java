package dev.telemetry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.IdGenerator;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * The same batch of finished spans recorded by this project's SDK and by the
 * OpenTelemetry SDK: identical ids, names, kinds, parents, timestamps, statuses,
 * resource, scope and 8 attributes each, made by the same calls on both. Traces of 8
 * spans each: a SERVER root and 7 CLIENT children; every 16th span failed.
 */
public final class SpanBatches {

	/** Spans per batch, the default {@code max-export-batch-size}. */
	public static final int BATCH_SIZE = 512;

	static final int SPANS_PER_TRACE = 8;

	private static final long START = 1_750_000_000_000_000_000L;

	private final List<SpanData> ours;

	private final List<io.opentelemetry.sdk.trace.data.SpanData> otel;

	private SpanBatches(List<SpanData> ours, List<io.opentelemetry.sdk.trace.data.SpanData> otel) {
		this.ours = ours;
		this.otel = otel;
	}

	/**
	 * Records a batch on both SDKs.
	 * @param size how many spans
	 * @return the batches
	 */
	public static SpanBatches create(int size) {
		Ids ids = new Ids(size);
		return new SpanBatches(recordOurs(size, ids), recordOtel(size, ids));
	}

	/**
	 * Returns this project's spans.
	 * @return the spans, in order
	 */
	public List<SpanData> ours() {
		return this.ours;
	}

	/**
	 * Returns OpenTelemetry's spans, as its batch processor hands them to its exporter.
	 * @return the spans, in order
	 */
	public List<io.opentelemetry.sdk.trace.data.SpanData> otel() {
		return this.otel;
	}

	private static List<SpanData> recordOurs(int size, Ids ids) {
		Resource resource = Resource.create(Attributes.builder()
			.put("service.name", "orders")
			.put("service.version", "1.4.2")
			.put("deployment.environment.name", "production")
			.put("host.name", "orders-7d9f")
			.put("process.pid", 4242L)
			.build());
		IdGenerator generator = new IdGenerator() {

			private int span;

			private int trace;

			@Override
			public long generateSpanId() {
				return ids.spanIds[this.span++];
			}

			@Override
			public long generateTraceIdHigh() {
				return ids.traceIdHighs[this.trace];
			}

			@Override
			public long generateTraceIdLow() {
				return ids.traceIdLows[this.trace++];
			}

		};
		TracerProvider provider = TracerProvider.builder()
			.setResource(resource)
			.setIdGenerator(generator)
			.setClock(Clock.system())
			.build();
		Tracer tracer = provider.get("dev.telemetry.observation", "0.1.0");
		List<SpanData> spans = new ArrayList<>(size);
		Context root = null;
		for (int i = 0; i < size; i++) {
			boolean isRoot = i % SPANS_PER_TRACE == 0;
			long start = START + i * 1_000_000L;
			var builder = tracer.spanBuilder(isRoot ? "GET /orders/{id}" : "GET")
				.setSpanKind(isRoot ? SpanKind.SERVER : SpanKind.CLIENT)
				.setStartTimestamp(start);
			if (isRoot) {
				builder.setNoParent();
			}
			else {
				builder.setParent(root);
			}
			Span span = builder.startSpan();
			span.setAttribute("http.request.method", "GET");
			span.setAttribute("url.path", "/orders/" + i);
			span.setAttribute("url.scheme", "http");
			span.setAttribute("server.address", "orders.internal.example.com");
			span.setAttribute("server.port", 8080L);
			span.setAttribute("http.route", "/orders/{id}");
			span.setAttribute("http.response.status_code", failed(i) ? 500L : 200L);
			span.setAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
			if (failed(i)) {
				span.setStatus(StatusCode.ERROR, "Internal Server Error");
			}
			if (isRoot) {
				root = span.storeInContext(Context.root());
			}
			span.end(start + 750_000L);
			spans.add((SpanData) span);
		}
		return spans;
	}

	private static List<io.opentelemetry.sdk.trace.data.SpanData> recordOtel(int size, Ids ids) {
		io.opentelemetry.sdk.resources.Resource resource = io.opentelemetry.sdk.resources.Resource
			.create(io.opentelemetry.api.common.Attributes.builder()
				.put("service.name", "orders")
				.put("service.version", "1.4.2")
				.put("deployment.environment.name", "production")
				.put("host.name", "orders-7d9f")
				.put("process.pid", 4242L)
				.build());
		io.opentelemetry.sdk.trace.IdGenerator generator = new io.opentelemetry.sdk.trace.IdGenerator() {

			private int span;

			private int trace;

			@Override
			public String generateSpanId() {
				return hex(ids.spanIds[this.span++]);
			}

			@Override
			public String generateTraceId() {
				String id = hex(ids.traceIdHighs[this.trace]) + hex(ids.traceIdLows[this.trace]);
				this.trace++;
				return id;
			}

		};
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(resource)
			.setIdGenerator(generator)
			.build();
		io.opentelemetry.api.trace.Tracer tracer = provider.tracerBuilder("dev.telemetry.observation")
			.setInstrumentationVersion("0.1.0")
			.build();
		List<io.opentelemetry.sdk.trace.data.SpanData> spans = new ArrayList<>(size);
		io.opentelemetry.context.Context root = null;
		for (int i = 0; i < size; i++) {
			boolean isRoot = i % SPANS_PER_TRACE == 0;
			long start = START + i * 1_000_000L;
			var builder = tracer.spanBuilder(isRoot ? "GET /orders/{id}" : "GET")
				.setSpanKind(isRoot ? io.opentelemetry.api.trace.SpanKind.SERVER
						: io.opentelemetry.api.trace.SpanKind.CLIENT)
				.setStartTimestamp(start, TimeUnit.NANOSECONDS);
			if (isRoot) {
				builder.setNoParent();
			}
			else {
				builder.setParent(root);
			}
			io.opentelemetry.api.trace.Span span = builder.startSpan();
			span.setAttribute("http.request.method", "GET");
			span.setAttribute("url.path", "/orders/" + i);
			span.setAttribute("url.scheme", "http");
			span.setAttribute("server.address", "orders.internal.example.com");
			span.setAttribute(AttributeKey.longKey("server.port"), 8080L);
			span.setAttribute("http.route", "/orders/{id}");
			span.setAttribute(AttributeKey.longKey("http.response.status_code"), failed(i) ? 500L : 200L);
			span.setAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
			if (failed(i)) {
				span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "Internal Server Error");
			}
			if (isRoot) {
				root = io.opentelemetry.context.Context.root().with(span);
			}
			span.end(start + 750_000L, TimeUnit.NANOSECONDS);
			spans.add(((ReadableSpan) span).toSpanData());
		}
		provider.close();
		return spans;
	}

	private static boolean failed(int index) {
		return index % 16 == 15;
	}

	private static String hex(long value) {
		String digits = Long.toHexString(value);
		return "0".repeat(16 - digits.length()) + digits;
	}

	/**
	 * The ids both SDKs hand out, in order.
	 */
	private static final class Ids {

		final long[] spanIds;

		final long[] traceIdHighs;

		final long[] traceIdLows;

		Ids(int spans) {
			SplittableRandom random = new SplittableRandom(42);
			int traces = (spans + SPANS_PER_TRACE - 1) / SPANS_PER_TRACE;
			this.spanIds = new long[spans];
			this.traceIdHighs = new long[traces];
			this.traceIdLows = new long[traces];
			for (int i = 0; i < spans; i++) {
				this.spanIds[i] = nonZero(random);
			}
			for (int i = 0; i < traces; i++) {
				this.traceIdHighs[i] = random.nextLong();
				this.traceIdLows[i] = nonZero(random);
			}
		}

		private static long nonZero(SplittableRandom random) {
			long value;
			do {
				value = random.nextLong();
			}
			while (value == 0);
			return value;
		}

	}

}
