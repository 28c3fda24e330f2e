package dev.telemetry.autoconfigure.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.trace.SpanLimits;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing settings: sampling, batching and span limits.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.tracing")
public class TracingProperties {

	/**
	 * Whether tracing is enabled.
	 */
	private boolean enabled = true;

	private final Sampler sampler = new Sampler();

	private final Batch batch = new Batch();

	private final Limits limits = new Limits();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Sampler getSampler() {
		return this.sampler;
	}

	public Batch getBatch() {
		return this.batch;
	}

	public Limits getLimits() {
		return this.limits;
	}

	/**
	 * Head sampling settings.
	 */
	public static class Sampler {

		/**
		 * Sampler that decides which new traces are recorded and exported.
		 */
		private SamplerType type = SamplerType.PARENTBASED_TRACEIDRATIO;

		/**
		 * Fraction of traces to sample, from 0.0 to 1.0, for the ratio and probability
		 * samplers.
		 */
		private double ratio = 1.0;

		/**
		 * Most new traces this instance samples per second, for the rate_limited sampler.
		 */
		private @Nullable Double maxTracesPerSecond;

		/**
		 * Whether server spans of actuator endpoints (URL paths under
		 * management.endpoints.web.base-path) are dropped, whatever the sampler.
		 */
		private boolean excludeActuator = true;

		/**
		 * Rules of the rules sampler, in order; the first that matches a span decides it.
		 */
		private List<Rule> rules = new ArrayList<>();

		/**
		 * Sampler for the spans no rule matches, required by the rules sampler.
		 */
		private final Delegate fallback = new Delegate();

		/**
		 * Sampler for spans whose remote parent was sampled, for the parent-based
		 * samplers; unset follows the parent.
		 */
		private final Delegate remoteParentSampled = new Delegate();

		/**
		 * Sampler for spans whose remote parent was not sampled, for the parent-based
		 * samplers; unset follows the parent.
		 */
		private final Delegate remoteParentNotSampled = new Delegate();

		/**
		 * Sampler for spans whose local parent was sampled, for the parent-based
		 * samplers; unset follows the parent.
		 */
		private final Delegate localParentSampled = new Delegate();

		/**
		 * Sampler for spans whose local parent was not sampled, for the parent-based
		 * samplers; unset follows the parent.
		 */
		private final Delegate localParentNotSampled = new Delegate();

		public SamplerType getType() {
			return this.type;
		}

		public void setType(SamplerType type) {
			this.type = type;
		}

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

		public @Nullable Double getMaxTracesPerSecond() {
			return this.maxTracesPerSecond;
		}

		public void setMaxTracesPerSecond(@Nullable Double maxTracesPerSecond) {
			this.maxTracesPerSecond = maxTracesPerSecond;
		}

		public boolean isExcludeActuator() {
			return this.excludeActuator;
		}

		public void setExcludeActuator(boolean excludeActuator) {
			this.excludeActuator = excludeActuator;
		}

		public List<Rule> getRules() {
			return this.rules;
		}

		public void setRules(List<Rule> rules) {
			this.rules = rules;
		}

		public Delegate getFallback() {
			return this.fallback;
		}

		public Delegate getRemoteParentSampled() {
			return this.remoteParentSampled;
		}

		public Delegate getRemoteParentNotSampled() {
			return this.remoteParentNotSampled;
		}

		public Delegate getLocalParentSampled() {
			return this.localParentSampled;
		}

		public Delegate getLocalParentNotSampled() {
			return this.localParentNotSampled;
		}

		/**
		 * Returns these settings as an immutable value, sharing no mutable state with
		 * this object.
		 * @return the settings
		 */
		public SamplerSettings toSettings() {
			List<SamplerSettings.Rule> rules = new ArrayList<>(this.rules.size());
			for (Rule rule : this.rules) {
				rules.add(rule.toSettings());
			}
			return new SamplerSettings(this.type, this.ratio, this.maxTracesPerSecond, this.excludeActuator, rules,
					this.fallback.toSettings(), this.remoteParentSampled.toSettings(),
					this.remoteParentNotSampled.toSettings(), this.localParentSampled.toSettings(),
					this.localParentNotSampled.toSettings());
		}

		/**
		 * A sampler inside another one: the rules sampler's fallback, or one of the four
		 * parent cases of a parent-based sampler.
		 */
		public static class Delegate {

			/**
			 * Sampler type. A fallback may be any type but rules; a parent case may be
			 * always_on, always_off, traceidratio, probability or rate_limited.
			 */
			private @Nullable SamplerType type;

			/**
			 * Fraction of traces to sample, from 0.0 to 1.0, for the ratio and
			 * probability samplers.
			 */
			private @Nullable Double ratio;

			/**
			 * Most traces sampled per second, for the rate_limited sampler.
			 */
			private @Nullable Double maxTracesPerSecond;

			public @Nullable SamplerType getType() {
				return this.type;
			}

			public void setType(@Nullable SamplerType type) {
				this.type = type;
			}

			public @Nullable Double getRatio() {
				return this.ratio;
			}

			public void setRatio(@Nullable Double ratio) {
				this.ratio = ratio;
			}

			public @Nullable Double getMaxTracesPerSecond() {
				return this.maxTracesPerSecond;
			}

			public void setMaxTracesPerSecond(@Nullable Double maxTracesPerSecond) {
				this.maxTracesPerSecond = maxTracesPerSecond;
			}

			/**
			 * Returns this sampler as an immutable value.
			 * @return the settings
			 */
			public SamplerSettings.Delegate toSettings() {
				return new SamplerSettings.Delegate(this.type, this.ratio, this.maxTracesPerSecond);
			}

		}

		/**
		 * One sampling rule: conditions on what is known when a span starts, all of which
		 * must hold, and the action taken when they do.
		 */
		public static class Rule {

			/**
			 * Comma-separated list of span kinds the rule matches; any kind when empty.
			 */
			private List<SpanKind> kind = new ArrayList<>();

			/**
			 * Glob the span name must match; for HTTP spans the request method and
			 * url.path joined by a space may match instead, as server spans start named
			 * after the method only.
			 */
			private @Nullable String name;

			/**
			 * Glob the http.route attribute must match, or url.path when the route is not
			 * known at start (as for Spring MVC).
			 */
			private @Nullable String route;

			/**
			 * Attributes whose values must equal the given ones.
			 */
			private Map<String, String> attributes = new LinkedHashMap<>();

			/**
			 * Attributes whose whole values must match the given regular expressions.
			 */
			private Map<String, String> attributePatterns = new LinkedHashMap<>();

			/**
			 * Spans the rule applies to: root spans, so that a trace is never cut in
			 * half, or all spans.
			 */
			private SamplingRule.ApplyTo applyTo = SamplingRule.ApplyTo.ROOT;

			/**
			 * Action for matching spans; implied by ratio or max-traces-per-second when
			 * unset.
			 */
			private @Nullable Action action;

			/**
			 * Fraction of matching traces to sample by consistent probability, from 0.0
			 * to 1.0, for the ratio action.
			 */
			private @Nullable Double ratio;

			/**
			 * Most matching traces sampled per second, for the rate_limited action.
			 */
			private @Nullable Double maxTracesPerSecond;

			public List<SpanKind> getKind() {
				return this.kind;
			}

			public void setKind(List<SpanKind> kind) {
				this.kind = kind;
			}

			public @Nullable String getName() {
				return this.name;
			}

			public void setName(@Nullable String name) {
				this.name = name;
			}

			public @Nullable String getRoute() {
				return this.route;
			}

			public void setRoute(@Nullable String route) {
				this.route = route;
			}

			public Map<String, String> getAttributes() {
				return this.attributes;
			}

			public void setAttributes(Map<String, String> attributes) {
				this.attributes = attributes;
			}

			public Map<String, String> getAttributePatterns() {
				return this.attributePatterns;
			}

			public void setAttributePatterns(Map<String, String> attributePatterns) {
				this.attributePatterns = attributePatterns;
			}

			public SamplingRule.ApplyTo getApplyTo() {
				return this.applyTo;
			}

			public void setApplyTo(SamplingRule.ApplyTo applyTo) {
				this.applyTo = applyTo;
			}

			public @Nullable Action getAction() {
				return this.action;
			}

			public void setAction(@Nullable Action action) {
				this.action = action;
			}

			public @Nullable Double getRatio() {
				return this.ratio;
			}

			public void setRatio(@Nullable Double ratio) {
				this.ratio = ratio;
			}

			public @Nullable Double getMaxTracesPerSecond() {
				return this.maxTracesPerSecond;
			}

			public void setMaxTracesPerSecond(@Nullable Double maxTracesPerSecond) {
				this.maxTracesPerSecond = maxTracesPerSecond;
			}

			/**
			 * Returns this rule as an immutable value, sharing no mutable state with this
			 * object: what {@link SamplerControl#setRules(List)} takes.
			 * @return the rule
			 */
			public SamplerSettings.Rule toSettings() {
				return new SamplerSettings.Rule(this.kind, this.name, this.route, this.attributes,
						this.attributePatterns, this.applyTo, this.action, this.ratio, this.maxTracesPerSecond);
			}

			/**
			 * What a rule does with the spans it matches.
			 */
			public enum Action {

				/** Do not record the span. */
				DROP,

				/** Record and sample the span. */
				SAMPLE,

				/** Sample the ratio of matching traces by consistent probability. */
				RATIO,

				/** Sample at most max-traces-per-second of the matching traces. */
				RATE_LIMITED

			}

		}

	}

	/**
	 * Batch span processor settings.
	 */
	public static class Batch {

		/**
		 * Most ended spans held while waiting for export; spans beyond it are dropped and
		 * counted, never blocking the application.
		 */
		private int maxQueueSize = 2048;

		/**
		 * Most spans sent in one export request.
		 */
		private int maxExportBatchSize = 512;

		/**
		 * Longest time a span waits in the queue before a partial batch is exported.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(5);

		/**
		 * Longest time one export may take before its spans count as failed.
		 */
		private Duration exportTimeout = Duration.ofSeconds(30);

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public int getMaxExportBatchSize() {
			return this.maxExportBatchSize;
		}

		public void setMaxExportBatchSize(int maxExportBatchSize) {
			this.maxExportBatchSize = maxExportBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
		}

	}

	/**
	 * Span limits: what one span may hold. Values beyond a limit are dropped and counted
	 * in the exported span; long string values are truncated.
	 */
	public static class Limits {

		/**
		 * Most attributes per span.
		 */
		private int maxAttributes = SpanLimits.DEFAULT_MAX_ATTRIBUTES;

		/**
		 * Most characters of a string attribute value (of spans, events and links),
		 * exception stack traces included; unset for no limit.
		 */
		private @Nullable Integer maxAttributeValueLength;

		/**
		 * Most events per span.
		 */
		private int maxEvents = SpanLimits.DEFAULT_MAX_EVENTS;

		/**
		 * Most links per span.
		 */
		private int maxLinks = SpanLimits.DEFAULT_MAX_LINKS;

		/**
		 * Most attributes per span event.
		 */
		private int maxAttributesPerEvent = SpanLimits.DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK;

		/**
		 * Most attributes per span link.
		 */
		private int maxAttributesPerLink = SpanLimits.DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK;

		public int getMaxAttributes() {
			return this.maxAttributes;
		}

		public void setMaxAttributes(int maxAttributes) {
			this.maxAttributes = maxAttributes;
		}

		public @Nullable Integer getMaxAttributeValueLength() {
			return this.maxAttributeValueLength;
		}

		public void setMaxAttributeValueLength(@Nullable Integer maxAttributeValueLength) {
			this.maxAttributeValueLength = maxAttributeValueLength;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public int getMaxLinks() {
			return this.maxLinks;
		}

		public void setMaxLinks(int maxLinks) {
			this.maxLinks = maxLinks;
		}

		public int getMaxAttributesPerEvent() {
			return this.maxAttributesPerEvent;
		}

		public void setMaxAttributesPerEvent(int maxAttributesPerEvent) {
			this.maxAttributesPerEvent = maxAttributesPerEvent;
		}

		public int getMaxAttributesPerLink() {
			return this.maxAttributesPerLink;
		}

		public void setMaxAttributesPerLink(int maxAttributesPerLink) {
			this.maxAttributesPerLink = maxAttributesPerLink;
		}

	}

}
