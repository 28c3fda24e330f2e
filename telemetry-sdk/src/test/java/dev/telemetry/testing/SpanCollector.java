package dev.telemetry.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every ended span in memory: a {@link SpanProcessor} for tests that run real
 * instrumented code (as a bean, it joins the auto-configured tracer provider) or build a
 * provider themselves.
 */
public final class SpanCollector implements SpanProcessor {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	@Override
	public void onStart(Context parentContext, Span span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(SpanData span) {
		this.spans.add(span);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResult forceFlush() {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		return CompletableResult.ofSuccess();
	}

	/**
	 * Returns the spans ended so far.
	 * @return the spans, oldest first
	 */
	public List<SpanData> spans() {
		return List.copyOf(this.spans);
	}

	/**
	 * Waits for a span to end that matches.
	 * @param match the condition
	 * @return the first matching span
	 */
	public SpanData await(Predicate<SpanData> match) {
		return Awaitility.await().atMost(WAIT).until(() -> first(match), (span) -> span != null);
	}

	/**
	 * Waits for a span with the name to end.
	 * @param name the span name
	 * @return the first such span
	 */
	public SpanData awaitNamed(String name) {
		return await((span) -> span.getName().equals(name));
	}

	/**
	 * Waits until the spans ended so far satisfy a condition.
	 * @param condition the condition
	 * @return the spans
	 */
	public List<SpanData> awaitAll(Predicate<List<SpanData>> condition) {
		return Awaitility.await().atMost(WAIT).until(this::spans, condition);
	}

	/**
	 * Returns the spans of one trace.
	 * @param traceId the trace id
	 * @return its spans ended so far
	 */
	public List<SpanData> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.getSpanContext().getTraceId().equals(traceId)).toList();
	}

	/**
	 * Returns the names of the spans ended so far.
	 * @return the names, oldest first
	 */
	public List<String> names() {
		return this.spans.stream().map(SpanData::getName).toList();
	}

	/**
	 * Returns the only span ended so far, failing the test if there is not exactly one.
	 * @return the span
	 */
	public SpanData single() {
		assertThat(this.spans).hasSize(1);
		return this.spans.get(0);
	}

	/**
	 * Returns the only span with the name, failing the test if there is not exactly one.
	 * @param name the span name
	 * @return the span
	 */
	public SpanData named(String name) {
		List<SpanData> matching = this.spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(matching).as("spans named '%s' among %s", name, this.spans).hasSize(1);
		return matching.get(0);
	}

	/**
	 * Returns the span that ended last, failing the test if none has.
	 * @return the span
	 */
	public SpanData last() {
		assertThat(this.spans).isNotEmpty();
		return this.spans.get(this.spans.size() - 1);
	}

	/**
	 * Forgets the spans ended so far.
	 */
	public void clear() {
		this.spans.clear();
	}

	private SpanData first(Predicate<SpanData> match) {
		for (SpanData span : this.spans) {
			if (match.test(span)) {
				return span;
			}
		}
		return null;
	}

	/**
	 * Returns a span's attributes.
	 * @param span the span
	 * @return its attributes by key
	 */
	public static Map<String, Object> attributes(SpanData span) {
		return span.getAttributes().asMap();
	}

}
