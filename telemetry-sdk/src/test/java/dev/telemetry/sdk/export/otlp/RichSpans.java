package dev.telemetry.sdk.export.otlp;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;

/**
 * Spans that exercise every field the OTLP encoder writes, with the values tests expect
 * spelled out as constants so that assertions do not reuse the code under test.
 */
final class RichSpans {

	static final long TRACE_ID_HIGH = 0x0102030405060708L;

	static final long TRACE_ID_LOW = 0x090a0b0c0d0e0f10L;

	static final String TRACE_ID_HEX = "0102030405060708090a0b0c0d0e0f10";

	static final long REMOTE_PARENT_ID = 0x1111222233334444L;

	static final String REMOTE_PARENT_HEX = "1111222233334444";

	static final long SERVER_SPAN_ID = 0xa1b2c3d4e5f60718L;

	static final String SERVER_SPAN_HEX = "a1b2c3d4e5f60718";

	static final long CLIENT_SPAN_ID = 0x00000000000000ffL;

	static final String CLIENT_SPAN_HEX = "00000000000000ff";

	static final Resource CHECKOUT = Resource.create(Attributes.builder()
		.put("service.name", "checkout")
		.put("service.instance.count", 3L)
		.put("service.load", 0.5)
		.put("service.canary", true)
		.build());

	static final InstrumentationScope HTTP_SCOPE = new InstrumentationScope("dev.telemetry.http", "2.1.0");

	static final InstrumentationScope JDBC_SCOPE = new InstrumentationScope("dev.telemetry.jdbc", null);

	private RichSpans() {
	}

	/**
	 * A SERVER span continuing a remote trace: trace state, all attribute types, two
	 * events, an error status and dropped counts.
	 */
	static SpanData serverSpan() {
		SpanContext parent = SpanContext.createFromRemoteParent(TRACE_ID_HIGH, TRACE_ID_LOW, REMOTE_PARENT_ID,
				TraceFlags.SAMPLED, TraceState.empty());
		SpanContext context = SpanContext.create(TRACE_ID_HIGH, TRACE_ID_LOW, SERVER_SPAN_ID,
				(byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM),
				TraceState.ofValidated("vendor", "abc", "t@sys", "x1"));
		Attributes attributes = Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.response.status_code", 500L)
			.put("sampling.ratio", 0.25)
			.put("retry", true)
			.build();
		EventData exception = new EventData("exception", 1_500_000_123L,
				Attributes.builder()
					.put("exception.type", "java.io.IOException")
					.put("exception.escaped", false)
					.build());
		EventData retry = new EventData("retry", 1_700_000_000L, Attributes.empty());
		TestSpanData span = new TestSpanData("GET /orders", SpanKind.SERVER, context, parent, 1_000_000_001L,
				2_000_000_002L, attributes, List.of(exception, retry), StatusData.of(StatusCode.ERROR, "boom"),
				CHECKOUT, HTTP_SCOPE);
		return new DroppedCounts(span, 2, 7);
	}

	/** An unsampled CLIENT child of {@link #serverSpan()}, with an OK status. */
	static SpanData clientSpan() {
		SpanContext parent = SpanContext.create(TRACE_ID_HIGH, TRACE_ID_LOW, SERVER_SPAN_ID, TraceFlags.SAMPLED,
				TraceState.empty());
		SpanContext context = SpanContext.create(TRACE_ID_HIGH, TRACE_ID_LOW, CLIENT_SPAN_ID, TraceFlags.NONE,
				TraceState.empty());
		return new TestSpanData("SELECT orders", SpanKind.CLIENT, context, parent, 1_100_000_000L, 1_200_000_000L,
				Attributes.empty(), List.of(), StatusData.of(StatusCode.OK, ""), CHECKOUT, JDBC_SCOPE);
	}

	/** A root span of another kind, resource and scope than the others. */
	static SpanData span(String name, long spanId, SpanKind kind, Resource resource, InstrumentationScope scope) {
		TestSpanData base = TestSpanData.of(name, spanId);
		return new TestSpanData(name, kind, base.getSpanContext(), base.getParentSpanContext(),
				base.getStartEpochNanos(), base.getEndEpochNanos(), base.getAttributes(), base.getEvents(),
				base.getStatus(), resource, scope);
	}

	/** Adds dropped counts, which {@link TestSpanData} always reports as zero. */
	record DroppedCounts(SpanData delegate, int getDroppedAttributesCount,
			int getDroppedEventsCount) implements SpanData {

		@Override
		public String getName() {
			return this.delegate.getName();
		}

		@Override
		public SpanKind getKind() {
			return this.delegate.getKind();
		}

		@Override
		public SpanContext getSpanContext() {
			return this.delegate.getSpanContext();
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.delegate.getParentSpanContext();
		}

		@Override
		public long getStartEpochNanos() {
			return this.delegate.getStartEpochNanos();
		}

		@Override
		public long getEndEpochNanos() {
			return this.delegate.getEndEpochNanos();
		}

		@Override
		public boolean hasEnded() {
			return true;
		}

		@Override
		public Attributes getAttributes() {
			return this.delegate.getAttributes();
		}

		@Override
		public List<EventData> getEvents() {
			return this.delegate.getEvents();
		}

		@Override
		public StatusData getStatus() {
			return this.delegate.getStatus();
		}

		@Override
		public Resource getResource() {
			return this.delegate.getResource();
		}

		@Override
		public InstrumentationScope getInstrumentationScope() {
			return this.delegate.getInstrumentationScope();
		}

	}

}
