package dev.telemetry.autoconfigure.web;

import java.net.URI;

import dev.telemetry.autoconfigure.observation.AttributesCache;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.Meter;
import org.jspecify.annotations.Nullable;

/**
 * The {@code http.client.request.duration} histogram shared by the {@code RestClient} and
 * {@code WebClient} conventions: seconds, with {@code http.request.method},
 * {@code server.address}, {@code server.port}, {@code url.template} (when the request was
 * made from a URI template), {@code http.response.status_code} and {@code error.type}
 * (the I/O failure's class, else a 4xx or 5xx status). Never the URL itself.
 * <p>
 * Thread-safe; attribute sets are cached per combination.
 */
final class HttpClientDurations {

	// Hosts and templates are bounded by the services an application calls.
	private static final int MAX_CACHED_SERIES = 2048;

	// server.port and the status share the cache key's number: port * 1000 + status.
	private static final int STATUS_RANGE = 1000;

	private final DoubleHistogram duration;

	private final AttributesCache series = new AttributesCache(MAX_CACHED_SERIES);

	HttpClientDurations(Meter meter) {
		this.duration = meter.histogramBuilder("http.client.request.duration")
			.setUnit("s")
			.setDescription("Duration of HTTP client requests.")
			.setExplicitBucketBoundariesAdvice(HttpServerMetricConvention.DURATION_BOUNDARIES)
			.build();
	}

	void record(double seconds, @Nullable String method, @Nullable URI uri, @Nullable String uriTemplate, int status,
			@Nullable Throwable error, Context traceContext) {
		String host = (uri != null) ? uri.getHost() : null;
		int port = (uri != null) ? Math.max(HttpConventions.port(uri), 0) : 0;
		int statusInRange = (status > 0 && status < STATUS_RANGE) ? status : 0;
		String errorType = (error != null) ? HttpConventions.errorType(error) : null;
		Attributes attributes = this.series.get(HttpConventions.normalizeMethod(method), host, uriTemplate, errorType,
				null, null, port * STATUS_RANGE + statusInRange, HttpClientDurations::attributes);
		this.duration.record(seconds, attributes, traceContext);
	}

	private static Attributes attributes(@Nullable Object method, @Nullable Object host, @Nullable Object template,
			@Nullable Object errorType, @Nullable Object unused1, @Nullable Object unused2, int portAndStatus) {
		int port = portAndStatus / STATUS_RANGE;
		int status = portAndStatus % STATUS_RANGE;
		AttributesBuilder attributes = Attributes.builder().put("http.request.method", (String) method);
		if (host != null) {
			attributes.put("server.address", (String) host);
		}
		if (port > 0) {
			attributes.put("server.port", port);
		}
		if (template != null) {
			attributes.put("url.template", (String) template);
		}
		if (status > 0) {
			attributes.put("http.response.status_code", status);
		}
		if (errorType != null) {
			attributes.put("error.type", (String) errorType);
		}
		else if (status >= 400) {
			attributes.put("error.type", Integer.toString(status));
		}
		return attributes.build();
	}

}
