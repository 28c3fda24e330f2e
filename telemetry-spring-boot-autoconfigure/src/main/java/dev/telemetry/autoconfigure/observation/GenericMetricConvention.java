package dev.telemetry.autoconfigure.observation;

import java.util.concurrent.ConcurrentHashMap;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The metrics of observations no other convention claims, such as {@code @Scheduled}
 * runs: a duration histogram named exactly as the observation
 * ({@code tasks.scheduled.execution}), in seconds, with the observation's low-cardinality
 * key values as string attributes and, when it failed, {@code error.type} set to the
 * exception's class. High-cardinality key values never become attributes. An observation
 * whose name is not a valid instrument name (a letter, then up to 254 letters, digits,
 * {@code _ . - /}) is not measured.
 * <p>
 * Thread-safe. Micrometer copies and sorts the key values on every read; apart from that
 * copy, recording into an existing series allocates nothing.
 */
final class GenericMetricConvention implements ObservationMetricConvention {

	private static final Log logger = LogFactory.getLog(GenericMetricConvention.class);

	// Each name is one histogram: guards against an application that invents names.
	private static final int MAX_NAMES = 256;

	private static final int MAX_CACHED_SERIES_PER_NAME = 512;

	private final Meter meter;

	private final ConcurrentHashMap<String, Durations> durations = new ConcurrentHashMap<>();

	GenericMetricConvention(Meter meter) {
		this.meter = meter;
	}

	@Override
	public boolean supports(Observation.Context context) {
		return true;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
		String name = context.getName();
		if (name == null) {
			return;
		}
		Durations durations = durationsOf(name);
		DoubleHistogram histogram = (durations != null) ? durations.histogram : null;
		if (histogram == null) {
			return;
		}
		Throwable error = context.getError();
		Attributes attributes = durations.series.get(context.getLowCardinalityKeyValues(),
				(error != null) ? error.getClass().getName() : null, null, null, null, null, 0,
				GenericMetricConvention::attributes);
		histogram.record(seconds, attributes, traceContext);
	}

	private @Nullable Durations durationsOf(String name) {
		Durations durations = this.durations.get(name);
		if (durations != null) {
			return durations;
		}
		if (this.durations.size() >= MAX_NAMES) {
			return null;
		}
		if (!isValidInstrumentName(name)) {
			this.durations.putIfAbsent(name, Durations.NONE);
			logger.debug("Observation '" + name + "' is not measured: its name is not a valid instrument name");
			return null;
		}
		durations = this.durations.computeIfAbsent(name,
				(key) -> new Durations(this.meter.histogramBuilder(key)
					.setUnit("s")
					.setDescription("Duration of '" + key + "' observations.")
					.build()));
		return (durations != Durations.NONE) ? durations : null;
	}

	static boolean isValidInstrumentName(String name) {
		int length = name.length();
		if (length == 0 || length > 255 || !isAsciiLetter(name.charAt(0))) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = name.charAt(i);
			if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '-' && c != '/') {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static Attributes attributes(@Nullable Object keyValues, @Nullable Object errorType,
			@Nullable Object unused1, @Nullable Object unused2, @Nullable Object unused3, @Nullable Object unused4,
			int unused5) {
		AttributesBuilder attributes = Attributes.builder();
		if (keyValues != null) {
			for (KeyValue keyValue : (KeyValues) keyValues) {
				attributes.put(keyValue.getKey(), keyValue.getValue());
			}
		}
		if (errorType != null) {
			attributes.put("error.type", (String) errorType);
		}
		return attributes.build();
	}

	/**
	 * The histogram of one observation name and its attribute sets.
	 */
	private static final class Durations {

		static final Durations NONE = new Durations(null);

		// Null only in NONE, which durationsOf never returns.
		final @Nullable DoubleHistogram histogram;

		final AttributesCache series = new AttributesCache(MAX_CACHED_SERIES_PER_NAME);

		Durations(@Nullable DoubleHistogram histogram) {
			this.histogram = histogram;
		}

	}

}
