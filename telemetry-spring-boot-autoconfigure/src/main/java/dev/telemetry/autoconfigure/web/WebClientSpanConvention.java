package dev.telemetry.autoconfigure.web;

import java.net.URI;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Client spans for {@code WebClient} exchanges: named after the method, kind CLIENT, with
 * the stable HTTP client attributes. WebClient builds its request after the observation
 * starts, so attributes are recorded when it stops. {@code url.full} is redacted as for
 * {@link HttpClientSpanConvention}, and a failure before a response has the wrapped I/O
 * failure's class as {@code error.type}.
 * <p>
 * The parent is the observation in the Reactor context of the exchange (Spring puts it
 * there; with {@code spring.reactor.context-propagation=auto}, which this starter
 * defaults to, blocking on the call from an MVC handler captures the handler's one), else
 * the span current on the subscribing thread.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebClientSpanConvention implements ObservationSpanConvention {

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
		ClientRequest request = ((ClientRequestObservationContext) context).getRequest();
		return HttpConventions
			.spanName(HttpConventions.normalizeMethod((request != null) ? request.method().name() : null), null);
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		ClientRequestObservationContext client = (ClientRequestObservationContext) context;
		ClientRequest request = client.getRequest();
		if (request != null) {
			String method = request.method().name();
			HttpConventions.setMethod(span, method);
			span.updateName(HttpConventions.spanName(HttpConventions.normalizeMethod(method), null));
			URI uri = request.url();
			if (uri.getHost() != null) {
				span.setAttribute("server.address", uri.getHost());
			}
			int port = HttpConventions.port(uri);
			if (port > 0) {
				span.setAttribute("server.port", port);
			}
			span.setAttribute("url.full", HttpConventions.fullUrl(uri));
		}
		ClientResponse response = client.getResponse();
		int status = (response != null) ? response.statusCode().value() : 0;
		HttpConventions.setOutcome(span, status, client.getError(), true);
	}

}
