package dev.telemetry.autoconfigure.web;

import java.net.URI;

import dev.telemetry.sdk.metrics.Meter;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * {@code http.client.request.duration} for {@code RestClient} and {@code RestTemplate}
 * requests, by the stable HTTP semantic conventions: method, server address and port, the
 * URI template the request was made from ({@code url.template}), status and
 * {@code error.type}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpClientMetricConvention extends HttpClientDurationConvention<ClientRequestObservationContext> {

	/**
	 * Creates the convention and its histogram.
	 * @param meter the meter the histogram belongs to
	 */
	public HttpClientMetricConvention(Meter meter) {
		this(new HttpClientDurations(meter));
	}

	HttpClientMetricConvention(HttpClientDurations durations) {
		super(ClientRequestObservationContext.class, durations);
	}

	@Override
	@Nullable String method(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		return (request != null) ? request.getMethod().name() : null;
	}

	@Override
	@Nullable URI uri(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		return (request != null) ? request.getURI() : null;
	}

	@Override
	@Nullable String uriTemplate(ClientRequestObservationContext context) {
		return context.getUriTemplate();
	}

	@Override
	int status(ClientRequestObservationContext context) {
		return HttpClientSpanConvention.status(context.getResponse());
	}

}
