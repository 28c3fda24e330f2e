package dev.telemetry.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.metrics.ExemplarFilter;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics settings: export cadence, temporality, histograms, exemplars, cardinality and
 * views. Where metrics go is configured with {@code telemetry.exporter.otlp.*} (and
 * {@code telemetry.exporter.otlp.metrics.*} for what differs from traces).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.metrics")
public class MetricsProperties {

	/**
	 * Whether metrics are enabled.
	 */
	private boolean enabled = true;

	private final Export export = new Export();

	/**
	 * Aggregation temporality of exported sums and histograms: 'cumulative' for
	 * Prometheus-style back ends, 'delta' (or 'low_memory') where the back end asks for
	 * deltas.
	 */
	private TemporalityPreference temporality = TemporalityPreference.CUMULATIVE;

	/**
	 * Aggregation of histogram instruments that no view configures.
	 */
	private HistogramAggregation defaultHistogramAggregation = HistogramAggregation.EXPLICIT_BUCKET_HISTOGRAM;

	private final Exemplars exemplars = new Exemplars();

	/**
	 * Most attribute sets per metric stream; measurements of further sets go to one
	 * overflow series with 'otel.metric.overflow=true'. A view can set its own.
	 */
	private int cardinalityLimit = 2000;

	/**
	 * Views that rename, re-aggregate, filter or drop metric streams. Every view that
	 * matches an instrument makes a stream of its own.
	 */
	private List<View> views = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Export getExport() {
		return this.export;
	}

	public TemporalityPreference getTemporality() {
		return this.temporality;
	}

	public void setTemporality(TemporalityPreference temporality) {
		this.temporality = temporality;
	}

	public HistogramAggregation getDefaultHistogramAggregation() {
		return this.defaultHistogramAggregation;
	}

	public void setDefaultHistogramAggregation(HistogramAggregation defaultHistogramAggregation) {
		this.defaultHistogramAggregation = defaultHistogramAggregation;
	}

	public Exemplars getExemplars() {
		return this.exemplars;
	}

	public int getCardinalityLimit() {
		return this.cardinalityLimit;
	}

	public void setCardinalityLimit(int cardinalityLimit) {
		this.cardinalityLimit = cardinalityLimit;
	}

	public List<View> getViews() {
		return this.views;
	}

	public void setViews(List<View> views) {
		this.views = views;
	}

	/**
	 * Periodic export settings.
	 */
	public static class Export {

		/**
		 * Whether metrics are exported. When false, instruments still work but nothing
		 * leaves the application.
		 */
		private boolean enabled = true;

		/**
		 * Time between two exports of all metrics; they are also exported once more when
		 * the application stops.
		 */
		private Duration interval = Duration.ofSeconds(60);

		/**
		 * Longest time one export may take, retries included.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Exemplar settings.
	 */
	public static class Exemplars {

		/**
		 * Which measurements may become exemplars: 'trace_based' keeps only those made
		 * inside a sampled span.
		 */
		private ExemplarFilter filter = ExemplarFilter.TRACE_BASED;

		public ExemplarFilter getFilter() {
			return this.filter;
		}

		public void setFilter(ExemplarFilter filter) {
			this.filter = filter;
		}

	}

	/**
	 * One view: which instruments it applies to, and the stream it makes of them.
	 */
	public static class View {

		/**
		 * Name of the instruments the view applies to; '*' matches any run of characters
		 * and '?' any one character.
		 */
		private @Nullable String instrumentName;

		/**
		 * Type of the instruments the view applies to.
		 */
		private @Nullable InstrumentType instrumentType;

		/**
		 * Unit of the instruments the view applies to, such as 'ms'.
		 */
		private @Nullable String unit;

		/**
		 * Name of the meter whose instruments the view applies to.
		 */
		private @Nullable String meterName;

		/**
		 * Name of the stream, instead of the instrument's. Only for a view that selects
		 * one instrument.
		 */
		private @Nullable String name;

		/**
		 * Description of the stream, instead of the instrument's.
		 */
		private @Nullable String description;

		private final Aggregation aggregation = new Aggregation();

		private final AttributeKeys attributeKeys = new AttributeKeys();

		/**
		 * Allowed values per attribute key, as values or globs; any other value of that
		 * attribute is reported as '_OTHER'.
		 */
		private Map<String, List<String>> attributeValues = new LinkedHashMap<>();

		/**
		 * Most attribute sets of this stream. Defaults to
		 * 'telemetry.metrics.cardinality-limit'.
		 */
		private @Nullable Integer cardinalityLimit;

		/**
		 * Whether the matching instruments are dropped: nothing is recorded or exported
		 * for them.
		 */
		private boolean drop;

		public @Nullable String getInstrumentName() {
			return this.instrumentName;
		}

		public void setInstrumentName(@Nullable String instrumentName) {
			this.instrumentName = instrumentName;
		}

		public @Nullable InstrumentType getInstrumentType() {
			return this.instrumentType;
		}

		public void setInstrumentType(@Nullable InstrumentType instrumentType) {
			this.instrumentType = instrumentType;
		}

		public @Nullable String getUnit() {
			return this.unit;
		}

		public void setUnit(@Nullable String unit) {
			this.unit = unit;
		}

		public @Nullable String getMeterName() {
			return this.meterName;
		}

		public void setMeterName(@Nullable String meterName) {
			this.meterName = meterName;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public Aggregation getAggregation() {
			return this.aggregation;
		}

		public AttributeKeys getAttributeKeys() {
			return this.attributeKeys;
		}

		public Map<String, List<String>> getAttributeValues() {
			return this.attributeValues;
		}

		public void setAttributeValues(Map<String, List<String>> attributeValues) {
			this.attributeValues = attributeValues;
		}

		public @Nullable Integer getCardinalityLimit() {
			return this.cardinalityLimit;
		}

		public void setCardinalityLimit(@Nullable Integer cardinalityLimit) {
			this.cardinalityLimit = cardinalityLimit;
		}

		public boolean isDrop() {
			return this.drop;
		}

		public void setDrop(boolean drop) {
			this.drop = drop;
		}

	}

	/**
	 * Aggregation of a view's stream.
	 */
	public static class Aggregation {

		/**
		 * Aggregation of the stream. Defaults to the instrument type's.
		 */
		private AggregationType type = AggregationType.DEFAULT;

		/**
		 * Comma-separated list of increasing bucket boundaries, for
		 * 'explicit_bucket_histogram'. Defaults to the instrument's advice, else the
		 * SDK's boundaries.
		 */
		private @Nullable List<Double> boundaries;

		/**
		 * Most buckets of each sign, for 'base2_exponential_bucket_histogram'.
		 */
		private @Nullable Integer maxSize;

		/**
		 * Highest scale (finest resolution), for 'base2_exponential_bucket_histogram'.
		 */
		private @Nullable Integer maxScale;

		public AggregationType getType() {
			return this.type;
		}

		public void setType(AggregationType type) {
			this.type = type;
		}

		public @Nullable List<Double> getBoundaries() {
			return this.boundaries;
		}

		public void setBoundaries(@Nullable List<Double> boundaries) {
			this.boundaries = boundaries;
		}

		public @Nullable Integer getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Integer maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable Integer getMaxScale() {
			return this.maxScale;
		}

		public void setMaxScale(@Nullable Integer maxScale) {
			this.maxScale = maxScale;
		}

	}

	/**
	 * Attribute keys a view's stream keeps.
	 */
	public static class AttributeKeys {

		/**
		 * Comma-separated list of the only attribute keys kept; all when unset.
		 */
		private @Nullable List<String> included;

		/**
		 * Comma-separated list of attribute keys removed, after 'included'.
		 */
		private List<String> excluded = new ArrayList<>();

		public @Nullable List<String> getIncluded() {
			return this.included;
		}

		public void setIncluded(@Nullable List<String> included) {
			this.included = included;
		}

		public List<String> getExcluded() {
			return this.excluded;
		}

		public void setExcluded(List<String> excluded) {
			this.excluded = excluded;
		}

	}

	/**
	 * Aggregation of histogram instruments.
	 */
	public enum HistogramAggregation {

		/** Fixed bucket boundaries. */
		EXPLICIT_BUCKET_HISTOGRAM,

		/** Base-2 exponential buckets that adapt their scale to the values. */
		BASE2_EXPONENTIAL_BUCKET_HISTOGRAM

	}

	/**
	 * Aggregations a view can choose.
	 */
	public enum AggregationType {

		/** The instrument type's default. */
		DEFAULT,

		/** Sum. */
		SUM,

		/** Last value. */
		LAST_VALUE,

		/** Explicit-bucket histogram. */
		EXPLICIT_BUCKET_HISTOGRAM,

		/** Base-2 exponential histogram. */
		BASE2_EXPONENTIAL_BUCKET_HISTOGRAM,

		/** Nothing recorded or exported. */
		DROP

	}

}
