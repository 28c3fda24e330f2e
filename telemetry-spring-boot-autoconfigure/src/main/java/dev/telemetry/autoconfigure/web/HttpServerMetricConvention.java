package dev.telemetry.autoconfigure.web;

import java.util.List;

import dev.telemetry.autoconfigure.observation.AttributesCache;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.LongUpDownCounter;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Metrics of Spring MVC requests by the stable HTTP semantic conventions:
 * {@code http.server.request.duration} (a histogram in seconds, with
 * {@code http.request.method}, {@code url.scheme}, {@code http.route},
 * {@code http.response.status_code}, {@code network.protocol.version} and
 * {@code error.type}) and {@code http.server.active_requests} (an up-down counter with
 * the method and scheme). The route is the matched template ({@code /orders/{id}}), never
 * the path; a request no handler matched has no route. Unknown methods are
 * {@code _OTHER}. A request fails, and has an {@code error.type}, when it threw (the
 * exception's class) or ended with a 5xx status (the status).
 * <p>
 * Attribute sets are built once per distinct combination and reused, so recording into an
 * existing series allocates nothing. Thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpServerMetricConvention implements ObservationMetricConvention {

	/** The advisory bucket boundaries of the HTTP duration histograms, in seconds. */
	static final List<Double> DURATION_BOUNDARIES = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
			2.5, 5.0, 7.5, 10.0);

	// Routes are bounded by the application's mappings; this bounds the product with
	// methods, statuses and errors.
	private static final int MAX_CACHED_SERIES = 2048;

	private final DoubleHistogram duration;

	private final LongUpDownCounter activeRequests;

	private final AttributesCache series = new AttributesCache(MAX_CACHED_SERIES);

	private final AttributesCache active = new AttributesCache(64);

	/**
	 * Creates the convention and its instruments.
	 * @param meter the meter the instruments belong to
	 */
	public HttpServerMetricConvention(Meter meter) {
		this.duration = meter.histogramBuilder("http.server.request.duration")
			.setUnit("s")
			.setDescription("Duration of HTTP server requests.")
			.setExplicitBucketBoundariesAdvice(DURATION_BOUNDARIES)
			.build();
		this.activeRequests = meter.upDownCounterBuilder("http.server.active_requests")
			.setUnit("{request}")
			.setDescription("Number of active HTTP server requests.")
			.build();
	}

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public @Nullable Object onStart(Observation.Context context) {
		HttpServletRequest request = ((ServerRequestObservationContext) context).getCarrier();
		Attributes attributes = this.active.get(HttpConventions.normalizeMethod(request.getMethod()),
				request.getScheme(), null, null, null, null, 0, HttpServerMetricConvention::activeAttributes);
		this.activeRequests.add(1, attributes);
		return attributes;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
		ServerRequestObservationContext server = (ServerRequestObservationContext) context;
		HttpServletRequest request = server.getCarrier();
		HttpServletResponse response = server.getResponse();
		int status = (response != null) ? response.getStatus() : 0;
		Throwable error = server.getError();
		String errorType = (error != null) ? HttpConventions.errorType(error) : null;
		Attributes attributes = this.series.get(HttpConventions.normalizeMethod(request.getMethod()),
				request.getScheme(), server.getPathPattern(), HttpConventions.protocolVersion(request.getProtocol()),
				errorType, null, status, HttpServerMetricConvention::durationAttributes);
		this.duration.record(seconds, attributes, traceContext);
		if (started instanceof Attributes activeAttributes) {
			this.activeRequests.add(-1, activeAttributes);
		}
	}

	private static Attributes activeAttributes(@Nullable Object method, @Nullable Object scheme,
			@Nullable Object unused1, @Nullable Object unused2, @Nullable Object unused3, @Nullable Object unused4,
			int unused5) {
		AttributesBuilder attributes = Attributes.builder().put("http.request.method", (String) method);
		if (scheme != null) {
			attributes.put("url.scheme", (String) scheme);
		}
		return attributes.build();
	}

	private static Attributes durationAttributes(@Nullable Object method, @Nullable Object scheme,
			@Nullable Object route, @Nullable Object version, @Nullable Object errorType, @Nullable Object unused,
			int status) {
		AttributesBuilder attributes = Attributes.builder().put("http.request.method", (String) method);
		if (scheme != null) {
			attributes.put("url.scheme", (String) scheme);
		}
		if (route != null && !((String) route).isEmpty()) {
			attributes.put("http.route", (String) route);
		}
		if (status > 0) {
			attributes.put("http.response.status_code", status);
		}
		if (version != null) {
			attributes.put("network.protocol.version", (String) version);
		}
		if (errorType != null) {
			attributes.put("error.type", (String) errorType);
		}
		else if (status >= 500) {
			attributes.put("error.type", Integer.toString(status));
		}
		return attributes.build();
	}

}
