package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.TracerProviderTests.RecordingProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.LinkData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link SpanLimits} against the OpenTelemetry SDK: the same calls under the same
 * limits keep, truncate and count the same things.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpanLimitsReferenceTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String[] LINKED_SPAN_IDS = { "b7ad6b7169203331", "00f067aa0ba902b7" };

	@Test
	void keepsTruncatesAndCountsWhatTheOpenTelemetrySdkDoes() {
		Recorded ours = recordWithOurs();
		Recorded theirs = recordWithOpenTelemetry();
		assertThat(ours).isEqualTo(theirs);
		// Guard against two equally empty results.
		assertThat(ours.droppedAttributes()).isPositive();
		assertThat(ours.events()).hasSize(2);
		assertThat(ours.links()).hasSize(1);
	}

	private Recorded recordWithOurs() {
		RecordingProcessor processor = new RecordingProcessor();
		SpanLimits limits = new SpanLimits(2, 4, 2, 1, 1, 1);
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setSpanLimits(limits)
			.addSpanProcessor(processor)
			.build();
		Span span = provider.get("test", null)
			.spanBuilder("s")
			.setAttribute("a", "abcdefgh")
			.addLink(ourContext(0), Attributes.builder().put("x", "longer than four").put("y", 2L).build())
			.addLink(ourContext(1))
			.startSpan();
		span.setAttribute("b", "xy");
		span.setAttribute("c", 3L);
		span.addEvent("e1", Attributes.builder().put("p", "abcdefgh").put("q", "z").build());
		span.addEvent("e2", Attributes.empty());
		span.addEvent("e3", Attributes.of("r", "s"));
		span.end();
		SpanData data = processor.ended.get(0);
		List<Item> events = new ArrayList<>();
		for (EventData event : data.getEvents()) {
			events.add(new Item(event.name(), event.attributes().asMap(), event.droppedAttributesCount()));
		}
		List<Item> links = new ArrayList<>();
		for (LinkData link : data.getLinks()) {
			links.add(
					new Item(link.spanContext().getSpanId(), link.attributes().asMap(), link.droppedAttributesCount()));
		}
		return new Recorded(data.getAttributes().asMap(), data.getDroppedAttributesCount(), events,
				data.getDroppedEventsCount(), links, data.getDroppedLinksCount());
	}

	private Recorded recordWithOpenTelemetry() {
		List<ReadableSpan> ended = new ArrayList<>();
		io.opentelemetry.sdk.trace.SpanLimits limits = io.opentelemetry.sdk.trace.SpanLimits.builder()
			.setMaxNumberOfAttributes(2)
			.setMaxAttributeValueLength(4)
			.setMaxNumberOfEvents(2)
			.setMaxNumberOfLinks(1)
			.setMaxNumberOfAttributesPerEvent(1)
			.setMaxNumberOfAttributesPerLink(1)
			.build();
		SpanProcessor collector = new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, ReadWriteSpan span) {
			}

			@Override
			public boolean isStartRequired() {
				return false;
			}

			@Override
			public void onEnd(ReadableSpan span) {
				ended.add(span);
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

		};
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSpanLimits(limits)
			.addSpanProcessor(collector)
			.build()) {
			Tracer tracer = provider.get("test");
			io.opentelemetry.api.trace.Span span = tracer.spanBuilder("s")
				.setAttribute("a", "abcdefgh")
				.addLink(theirContext(0),
						io.opentelemetry.api.common.Attributes.builder()
							.put("x", "longer than four")
							.put("y", 2L)
							.build())
				.addLink(theirContext(1))
				.startSpan();
			span.setAttribute("b", "xy");
			span.setAttribute("c", 3L);
			span.addEvent("e1",
					io.opentelemetry.api.common.Attributes.builder().put("p", "abcdefgh").put("q", "z").build());
			span.addEvent("e2");
			span.addEvent("e3", io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("r"), "s"));
			span.end();
		}
		io.opentelemetry.sdk.trace.data.SpanData data = ended.get(0).toSpanData();
		List<Item> events = new ArrayList<>();
		for (io.opentelemetry.sdk.trace.data.EventData event : data.getEvents()) {
			events.add(new Item(event.getName(), map(event.getAttributes()), event.getDroppedAttributesCount()));
		}
		List<Item> links = new ArrayList<>();
		for (io.opentelemetry.sdk.trace.data.LinkData link : data.getLinks()) {
			links.add(new Item(link.getSpanContext().getSpanId(), map(link.getAttributes()),
					link.getTotalAttributeCount() - link.getAttributes().size()));
		}
		return new Recorded(map(data.getAttributes()), data.getTotalAttributeCount() - data.getAttributes().size(),
				events, data.getTotalRecordedEvents() - data.getEvents().size(), links,
				data.getTotalRecordedLinks() - data.getLinks().size());
	}

	private static SpanContext ourContext(int index) {
		long spanId = Long.parseUnsignedLong(LINKED_SPAN_IDS[index], 16);
		return SpanContext.create(Long.parseUnsignedLong(TRACE_ID.substring(0, 16), 16),
				Long.parseUnsignedLong(TRACE_ID.substring(16), 16), spanId, TraceFlags.SAMPLED, TraceState.empty());
	}

	private static io.opentelemetry.api.trace.SpanContext theirContext(int index) {
		return io.opentelemetry.api.trace.SpanContext.create(TRACE_ID, LINKED_SPAN_IDS[index],
				io.opentelemetry.api.trace.TraceFlags.getSampled(), io.opentelemetry.api.trace.TraceState.getDefault());
	}

	private static Map<String, Object> map(io.opentelemetry.api.common.Attributes attributes) {
		Map<String, Object> map = new LinkedHashMap<>();
		attributes.forEach((key, value) -> map.put(key.getKey(), value));
		return map;
	}

	record Item(String name, Map<String, Object> attributes, int dropped) {
	}

	record Recorded(Map<String, Object> attributes, int droppedAttributes, List<Item> events, int droppedEvents,
			List<Item> links, int droppedLinks) {
	}

}
