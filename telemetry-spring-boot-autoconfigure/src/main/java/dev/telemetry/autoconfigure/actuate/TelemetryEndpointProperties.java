package dev.telemetry.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;

import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code telemetry} endpoint, beside Spring Boot's own
 * ({@code management.endpoint.telemetry.access}, {@code ...cache.time-to-live}) and like
 * those of the {@code env} endpoint.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.endpoint.telemetry")
public class TelemetryEndpointProperties {

	/**
	 * When to show attribute values of recent spans and traces (and span status
	 * descriptions); keys are always shown.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown attribute values.
	 * When empty, all authenticated users are authorized.
	 */
	private Set<String> roles = new HashSet<>();

	private final RecentSpans recentSpans = new RecentSpans();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

	public RecentSpans getRecentSpans() {
		return this.recentSpans;
	}

	/**
	 * The in-process store of recent spans behind {@code /actuator/telemetry/spans} and
	 * {@code /actuator/telemetry/traces}.
	 */
	public static class RecentSpans {

		/**
		 * Number of the latest ended spans kept for the traces view.
		 */
		private int maxSpans = RecentSpansProcessor.DEFAULT_MAX_SPANS;

		/**
		 * Number of span names counted separately; spans of later names are counted
		 * together.
		 */
		private int maxSpanNames = RecentSpansProcessor.DEFAULT_MAX_SPAN_NAMES;

		/**
		 * Number of sample spans kept per span name and latency bucket, and per span name
		 * for errors.
		 */
		private int samplesPerBucket = RecentSpansProcessor.DEFAULT_SAMPLES_PER_BUCKET;

		public int getMaxSpans() {
			return this.maxSpans;
		}

		public void setMaxSpans(int maxSpans) {
			this.maxSpans = maxSpans;
		}

		public int getMaxSpanNames() {
			return this.maxSpanNames;
		}

		public void setMaxSpanNames(int maxSpanNames) {
			this.maxSpanNames = maxSpanNames;
		}

		public int getSamplesPerBucket() {
			return this.samplesPerBucket;
		}

		public void setSamplesPerBucket(int samplesPerBucket) {
			this.samplesPerBucket = samplesPerBucket;
		}

	}

}
