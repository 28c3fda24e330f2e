package dev.telemetry.autoconfigure.web;

import java.io.IOException;
import java.net.URI;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Client spans for {@code RestClient} and {@code RestTemplate} requests: named after the
 * method, kind CLIENT, with the stable HTTP client attributes; {@code url.full} has its
 * user information and the values of secret-looking query parameters redacted. A request
 * that fails before a response (connection refused, timeout) is an error whose
 * {@code error.type} is the class of the I/O failure, such as
 * {@code java.net.ConnectException}, rather than Spring's {@code ResourceAccessException}
 * around it. The handler injects {@code traceparent}, {@code tracestate} and
 * {@code baggage} into the request.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpClientSpanConvention implements ObservationSpanConvention {

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public String getStartName(Observation.Context context) {
		ClientHttpRequest request = ((ClientRequestObservationContext) context).getCarrier();
		return HttpConventions
			.spanName(HttpConventions.normalizeMethod((request != null) ? request.getMethod().name() : null), null);
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		ClientHttpRequest request = ((ClientRequestObservationContext) context).getCarrier();
		if (request == null) {
			return;
		}
		HttpConventions.setMethod(span, request.getMethod().name());
		URI uri = request.getURI();
		if (uri.getHost() != null) {
			span.setAttribute("server.address", uri.getHost());
		}
		int port = HttpConventions.port(uri);
		if (port > 0) {
			span.setAttribute("server.port", port);
		}
		span.setAttribute("url.full", HttpConventions.fullUrl(uri));
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		ClientRequestObservationContext client = (ClientRequestObservationContext) context;
		HttpConventions.setOutcome(span, status(client.getResponse()), client.getError(), true);
	}

	/**
	 * Returns the status of a response, as both {@code RestClient} conventions read it.
	 * @param response the response, if any
	 * @return the status, or 0 without a response or when it cannot be read
	 */
	static int status(@Nullable ClientHttpResponse response) {
		if (response == null) {
			return 0;
		}
		try {
			return response.getStatusCode().value();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
