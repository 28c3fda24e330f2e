package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.internal.aggregation.Aggregator;
import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import dev.telemetry.sdk.metrics.internal.state.SynchronousStorage;
import dev.telemetry.sdk.metrics.internal.view.AttributesProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Turns an instrument into its streams for one reader, once, when the instrument is
 * built: matches the views, resolves each one's aggregation against the instrument kind
 * and the reader's defaults, and creates the storage. Instruments no view matches get one
 * stream with the default aggregation. Immutable and thread-safe.
 */
final class StreamResolver {

	private static final Logger logger = Logger.getLogger(StreamResolver.class.getName());

	private static final View DEFAULT_VIEW = View.builder().build();

	private final List<RegisteredView> views;

	private final ExemplarFilter exemplarFilter;

	private final int defaultCardinalityLimit;

	private final Clock clock;

	private final ThrottledLogger incompatibleLogger;

	StreamResolver(List<RegisteredView> views, ExemplarFilter exemplarFilter, int defaultCardinalityLimit,
			Clock clock) {
		this.views = List.copyOf(views);
		this.exemplarFilter = exemplarFilter;
		this.defaultCardinalityLimit = defaultCardinalityLimit;
		this.clock = clock;
		this.incompatibleLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), clock);
	}

	/**
	 * The views that apply to an instrument: the matching ones, else the default view.
	 */
	List<View> viewsFor(InstrumentationScope scope, InstrumentDescriptor instrument) {
		List<View> matching = new ArrayList<>();
		for (RegisteredView view : this.views) {
			if (view.matches(scope, instrument)) {
				matching.add(view.view());
			}
		}
		return matching.isEmpty() ? List.of(DEFAULT_VIEW) : matching;
	}

	/**
	 * The aggregation a view gives an instrument for a reader, with defaults and
	 * boundaries resolved; {@link Aggregation.Drop} when the stream is dropped.
	 */
	Aggregation aggregationFor(View view, InstrumentDescriptor instrument, MetricReader reader) {
		Aggregation aggregation = view.aggregation();
		if (aggregation instanceof Aggregation.Default) {
			aggregation = reader.getDefaultAggregation(instrument.type());
		}
		if (!compatible(aggregation, instrument.type())) {
			this.incompatibleLogger.log(Level.WARNING, "Aggregation " + aggregation + " does not fit instrument "
					+ instrument.name() + " (" + instrument.type() + "); using its default aggregation", null);
			aggregation = Aggregation.defaultAggregation();
		}
		if (aggregation instanceof Aggregation.Default) {
			aggregation = switch (instrument.type()) {
				case COUNTER, UP_DOWN_COUNTER, OBSERVABLE_COUNTER, OBSERVABLE_UP_DOWN_COUNTER -> Aggregation.sum();
				case GAUGE, OBSERVABLE_GAUGE -> Aggregation.lastValue();
				case HISTOGRAM -> Aggregation.explicitBucketHistogram();
			};
		}
		if (aggregation instanceof Aggregation.ExplicitBucketHistogram histogram && histogram.boundaries() == null) {
			List<Double> advice = instrument.adviceBoundaries();
			aggregation = Aggregation
				.explicitBucketHistogram((advice != null) ? advice : Aggregation.DEFAULT_BOUNDARIES);
		}
		return aggregation;
	}

	private static boolean compatible(Aggregation aggregation, InstrumentType type) {
		if (aggregation instanceof Aggregation.Sum) {
			return type != InstrumentType.GAUGE && type != InstrumentType.OBSERVABLE_GAUGE;
		}
		if (aggregation instanceof Aggregation.ExplicitBucketHistogram
				|| aggregation instanceof Aggregation.Base2ExponentialBucketHistogram) {
			return type == InstrumentType.COUNTER || type == InstrumentType.HISTOGRAM;
		}
		return true;
	}

	/** Creates the stream of a view that does not drop it. */
	MetricStream stream(InstrumentationScope scope, InstrumentDescriptor instrument, View view, Aggregation aggregation,
			MetricReader reader) {
		String name = (view.name() != null) ? view.name() : instrument.name();
		String description = (view.description() != null) ? view.description() : instrument.description();
		int limit = (view.cardinalityLimit() > 0) ? view.cardinalityLimit() : this.defaultCardinalityLimit;
		AggregationTemporality temporality = reader.getAggregationTemporality(instrument.type());
		AttributesProcessor processor = AttributesProcessor.create(view.includedAttributeKeys(),
				view.excludedAttributeKeys(), view.attributeValues(), View.OTHER_VALUE);
		long start = this.clock.now();
		SynchronousStorage synchronous = null;
		AsynchronousStorage asynchronous = null;
		if (instrument.type().isAsynchronous()) {
			asynchronous = new AsynchronousStorage(aggregation instanceof Aggregation.Sum, instrument.longValues(),
					processor, limit, temporality, start);
		}
		else {
			synchronous = new SynchronousStorage(aggregator(aggregation, instrument), processor, limit, temporality,
					this.clock, start);
		}
		return new MetricStream(scope, instrument, name, description, aggregation, temporality, limit, synchronous,
				asynchronous);
	}

	private Aggregator aggregator(Aggregation aggregation, InstrumentDescriptor instrument) {
		boolean exemplars = this.exemplarFilter != ExemplarFilter.ALWAYS_OFF;
		if (aggregation instanceof Aggregation.Sum) {
			return Aggregator.sum(instrument.longValues(), exemplars);
		}
		if (aggregation instanceof Aggregation.LastValue) {
			return Aggregator.lastValue(instrument.longValues(), exemplars);
		}
		if (aggregation instanceof Aggregation.ExplicitBucketHistogram histogram) {
			return Aggregator.explicitBucketHistogram(toArray(histogram.boundaries()), exemplars);
		}
		Aggregation.Base2ExponentialBucketHistogram exponential = (Aggregation.Base2ExponentialBucketHistogram) aggregation;
		return Aggregator.base2ExponentialHistogram(exponential.maxSize(), exponential.maxScale(), exemplars);
	}

	private static double[] toArray(@Nullable List<Double> boundaries) {
		double[] array = new double[(boundaries != null) ? boundaries.size() : 0];
		for (int i = 0; i < array.length; i++) {
			array[i] = boundaries.get(i);
		}
		return array;
	}

}
