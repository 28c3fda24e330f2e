package dev.telemetry.autoconfigure.web;

import java.net.URI;

import dev.telemetry.sdk.metrics.Meter;
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
public final class WebClientMetricConvention extends HttpClientDurationConvention<ClientRequestObservationContext> {

	/**
	 * Creates the convention and its histogram.
	 * @param meter the meter the histogram belongs to
	 */
	public WebClientMetricConvention(Meter meter) {
		this(new HttpClientDurations(meter));
	}

	WebClientMetricConvention(HttpClientDurations durations) {
		super(ClientRequestObservationContext.class, durations);
	}

	@Override
	@Nullable String method(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		return (request != null) ? request.method().name() : null;
	}

	@Override
	@Nullable URI uri(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		return (request != null) ? request.url() : null;
	}

	@Override
	@Nullable String uriTemplate(ClientRequestObservationContext context) {
		return context.getUriTemplate();
	}

	@Override
	int status(ClientRequestObservationContext context) {
		ClientResponse response = context.getResponse();
		return (response != null) ? response.statusCode().value() : 0;
	}

}
