package dev.telemetry.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Keeps every exported span in memory and counts shutdowns: the exporter at the end of a
 * real batch processor, for tests of what reaches export and when.
 */
public final class CollectingSpanExporter implements SpanExporter {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	private final AtomicInteger shutdowns = new AtomicInteger();

	@Override
	public CompletableResult export(Collection<SpanData> batch) {
		this.spans.addAll(new ArrayList<>(batch));
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult flush() {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		this.shutdowns.incrementAndGet();
		return CompletableResult.ofSuccess();
	}

	/**
	 * Returns the names of the exported spans, in export order.
	 * @return the names
	 */
	public List<String> names() {
		return this.spans.stream().map(SpanData::getName).toList();
	}

	/**
	 * Returns how many times the exporter was shut down.
	 * @return the count
	 */
	public int shutdowns() {
		return this.shutdowns.get();
	}

}
