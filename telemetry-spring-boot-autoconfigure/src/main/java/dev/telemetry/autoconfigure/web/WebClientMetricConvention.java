package dev.telemetry.autoconfigure.web;

import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * {@code http.client.request.duration} for {@code WebClient} exchanges, with the same
 * attributes as {@link HttpClientMetricConvention}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class WebClientMetricConvention implements ObservationMetricConvention {

	private final HttpClientDurations durations;

	/**
	 * Creates the convention and its histogram.
	 * @param meter the meter the histogram belongs to
	 */
	public WebClientMetricConvention(Meter meter) {
		this(new HttpClientDurations(meter));
	}

	WebClientMetricConvention(HttpClientDurations durations) {
		this.durations = durations;
	}

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
		ClientRequestObservationContext client = (ClientRequestObservationContext) context;
		ClientRequest request = client.getRequest();
		ClientResponse response = client.getResponse();
		this.durations.record(seconds, (request != null) ? request.method().name() : null,
				(request != null) ? request.url() : null, client.getUriTemplate(),
				(response != null) ? response.statusCode().value() : 0, client.getError(), traceContext);
	}

}
