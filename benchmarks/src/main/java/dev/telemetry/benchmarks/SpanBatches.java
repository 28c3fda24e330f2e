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
 * resource, scope and attributes, made by the same calls on both, in one of two
 * {@link Shape shapes}.
 */
public final class SpanBatches {

	/** Spans per batch, the default {@code max-export-batch-size}. */
	public static final int BATCH_SIZE = 512;

	/**
	 * What the spans of a batch look like.
	 */
	public enum Shape {

		/**
		 * Traces of 8 spans: a SERVER root and 7 CLIENT children with 8 attributes each;
		 * every 16th span failed.
		 */
		MIXED(8),

		/**
		 * The sample application's {@code GET /orders/{id}}: a SERVER span and its JDBC
		 * query's CLIENT span per request. As in the application, keys, names, the route
		 * and the query text are the same instances span after span, while the strings a
		 * servlet container reads from each request (path, host, client address) are new
		 * ones.
		 */
		ORDERS(2);

		final int spansPerTrace;

		Shape(int spansPerTrace) {
			this.spansPerTrace = spansPerTrace;
		}

	}

	static final String ORDERS_QUERY = "SELECT id, item, quantity FROM orders WHERE id = ?";

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
		return create(size, Shape.MIXED);
	}

	/**
	 * Records a batch of the given shape on both SDKs.
	 * @param size how many spans
	 * @param shape what they look like
	 * @return the batches
	 */
	public static SpanBatches create(int size, Shape shape) {
		Ids ids = new Ids(size, shape.spansPerTrace);
		List<Planned> plan = plan(size, shape);
		return new SpanBatches(recordOurs(plan, ids), recordOtel(plan, ids));
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

	private static List<SpanData> recordOurs(List<Planned> plan, Ids ids) {
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
		List<SpanData> spans = new ArrayList<>(plan.size());
		Context root = null;
		for (int i = 0; i < plan.size(); i++) {
			Planned planned = plan.get(i);
			long start = START + i * 1_000_000L;
			var builder = tracer.spanBuilder(planned.name())
				.setSpanKind(planned.root() ? SpanKind.SERVER : SpanKind.CLIENT)
				.setStartTimestamp(start);
			if (planned.root()) {
				builder.setNoParent();
			}
			else {
				builder.setParent(root);
			}
			Span span = builder.startSpan();
			Object[] attributes = planned.attributes();
			for (int a = 0; a < attributes.length; a += 2) {
				if (attributes[a + 1] instanceof Long number) {
					span.setAttribute((String) attributes[a], number);
				}
				else {
					span.setAttribute((String) attributes[a], (String) attributes[a + 1]);
				}
			}
			if (planned.failed()) {
				span.setStatus(StatusCode.ERROR, "Internal Server Error");
			}
			if (planned.root()) {
				root = span.storeInContext(Context.root());
			}
			span.end(start + 750_000L);
			spans.add((SpanData) span);
		}
		return spans;
	}

	private static List<io.opentelemetry.sdk.trace.data.SpanData> recordOtel(List<Planned> plan, Ids ids) {
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
		List<io.opentelemetry.sdk.trace.data.SpanData> spans = new ArrayList<>(plan.size());
		io.opentelemetry.context.Context root = null;
		for (int i = 0; i < plan.size(); i++) {
			Planned planned = plan.get(i);
			long start = START + i * 1_000_000L;
			var builder = tracer.spanBuilder(planned.name())
				.setSpanKind(planned.root() ? io.opentelemetry.api.trace.SpanKind.SERVER
						: io.opentelemetry.api.trace.SpanKind.CLIENT)
				.setStartTimestamp(start, TimeUnit.NANOSECONDS);
			if (planned.root()) {
				builder.setNoParent();
			}
			else {
				builder.setParent(root);
			}
			io.opentelemetry.api.trace.Span span = builder.startSpan();
			Object[] attributes = planned.attributes();
			for (int a = 0; a < attributes.length; a += 2) {
				if (attributes[a + 1] instanceof Long number) {
					span.setAttribute(AttributeKey.longKey((String) attributes[a]), number);
				}
				else {
					span.setAttribute((String) attributes[a], (String) attributes[a + 1]);
				}
			}
			if (planned.failed()) {
				span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "Internal Server Error");
			}
			if (planned.root()) {
				root = io.opentelemetry.context.Context.root().with(span);
			}
			span.end(start + 750_000L, TimeUnit.NANOSECONDS);
			spans.add(((ReadableSpan) span).toSpanData());
		}
		provider.close();
		return spans;
	}

	private static List<Planned> plan(int size, Shape shape) {
		List<Planned> plan = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			boolean root = i % shape.spansPerTrace == 0;
			plan.add((shape == Shape.MIXED) ? mixed(i, root) : orders(root));
		}
		return plan;
	}

	private static Planned mixed(int index, boolean root) {
		boolean failed = index % 16 == 15;
		return new Planned(root ? "GET /orders/{id}" : "GET", root, failed,
				new Object[] { "http.request.method", "GET", "url.path", "/orders/" + index, "url.scheme", "http",
						"server.address", "orders.internal.example.com", "server.port", 8080L, "http.route",
						"/orders/{id}", "http.response.status_code", failed ? 500L : 200L, "user_agent.original",
						"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" });
	}

	private static Planned orders(boolean root) {
		if (root) {
			return new Planned("GET /orders/{id}", true, false,
					new Object[] { "http.request.method", "GET", "url.path", fresh("/orders/1"), "url.scheme", "http",
							"server.address", fresh("localhost"), "server.port", 8080L, "client.address",
							fresh("127.0.0.1"), "network.protocol.version", "1.1", "http.route", "/orders/{id}",
							"http.response.status_code", 200L });
		}
		return new Planned("SELECT orders", false, false,
				new Object[] { "db.system.name", "h2", "db.namespace", "sample", "db.operation.name", "SELECT",
						"db.collection.name", "orders", "db.query.text", ORDERS_QUERY, "db.response.returned_rows",
						1L });
	}

	// A new instance with the same text, as a servlet container makes for every request.
	private static String fresh(String text) {
		return new String(text.toCharArray());
	}

	/**
	 * One span to record: its name, whether it is a trace's SERVER root (else a CLIENT
	 * child of the last root), whether it failed, and its attributes as key and value
	 * ({@code String} or {@code Long}) pairs.
	 */
	private record Planned(String name, boolean root, boolean failed, Object[] attributes) {

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

		Ids(int spans, int spansPerTrace) {
			SplittableRandom random = new SplittableRandom(42);
			int traces = (spans + spansPerTrace - 1) / spansPerTrace;
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
