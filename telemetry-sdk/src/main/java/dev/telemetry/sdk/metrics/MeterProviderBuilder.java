package dev.telemetry.sdk.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.resource.Resource;

/**
 * Builds a {@link MeterProvider}. Defaults: the detected resource, the system clock, the
 * {@link ExemplarFilter#TRACE_BASED} exemplar filter, a cardinality limit of
 * {@value #DEFAULT_CARDINALITY_LIMIT} per stream, no view and no reader.
 * <p>
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class MeterProviderBuilder {

	/**
	 * The default largest number of attribute sets per stream, counting the overflow set.
	 */
	public static final int DEFAULT_CARDINALITY_LIMIT = 2000;

	/** The default exemplar filter. */
	public static final ExemplarFilter DEFAULT_EXEMPLAR_FILTER = ExemplarFilter.TRACE_BASED;

	Resource resource = Resource.detect();

	Clock clock = Clock.system();

	ExemplarFilter exemplarFilter = DEFAULT_EXEMPLAR_FILTER;

	int cardinalityLimit = DEFAULT_CARDINALITY_LIMIT;

	final List<MetricReader> readers = new ArrayList<>();

	final List<RegisteredView> views = new ArrayList<>();

	MeterProviderBuilder() {
	}

	/**
	 * Sets the resource of every metric.
	 * @param resource the resource
	 * @return this builder
	 */
	public MeterProviderBuilder setResource(Resource resource) {
		this.resource = Objects.requireNonNull(resource, "resource");
		return this;
	}

	/**
	 * Sets the clock that timestamps points and exemplars.
	 * @param clock the clock
	 * @return this builder
	 */
	public MeterProviderBuilder setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Sets which measurements may become exemplars.
	 * @param filter the filter
	 * @return this builder
	 */
	public MeterProviderBuilder setExemplarFilter(ExemplarFilter filter) {
		this.exemplarFilter = Objects.requireNonNull(filter, "filter");
		return this;
	}

	/**
	 * Sets the largest number of attribute sets per stream, counting the overflow set,
	 * for streams whose view sets none.
	 * @param limit at least 2
	 * @return this builder
	 * @throws IllegalArgumentException when the limit is below 2
	 */
	public MeterProviderBuilder setCardinalityLimit(int limit) {
		if (limit < 2) {
			throw new IllegalArgumentException(
					"cardinality limit must be at least 2 (one attribute set and the overflow set): " + limit);
		}
		this.cardinalityLimit = limit;
		return this;
	}

	/**
	 * Adds a reader; each reader gets its own state for every stream.
	 * @param reader the reader, not registered with another provider
	 * @return this builder
	 */
	public MeterProviderBuilder registerMetricReader(MetricReader reader) {
		this.readers.add(Objects.requireNonNull(reader, "reader"));
		return this;
	}

	/**
	 * Adds a view. Views are matched once, when an instrument is built; each matching
	 * view makes one stream of the instrument.
	 * @param selector which instruments the view applies to
	 * @param view the stream to make of them
	 * @return this builder
	 * @throws IllegalArgumentException when the view renames the stream but the selector
	 * may select more than one instrument name
	 */
	public MeterProviderBuilder registerView(InstrumentSelector selector, View view) {
		Objects.requireNonNull(selector, "selector");
		Objects.requireNonNull(view, "view");
		if (view.name() != null && !selector.selectsOneName()) {
			throw new IllegalArgumentException("a view that renames the stream to '" + view.name()
					+ "' must select one instrument by its exact name, not '" + selector.instrumentName() + "'");
		}
		this.views.add(RegisteredView.of(selector, view));
		return this;
	}

	/**
	 * Builds the provider and registers it with every reader.
	 * @return the provider
	 * @throws IllegalStateException when a reader is already registered elsewhere
	 */
	public MeterProvider build() {
		return new MeterProvider(this);
	}

}
