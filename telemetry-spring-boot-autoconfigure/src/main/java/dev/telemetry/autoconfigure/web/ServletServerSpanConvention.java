package dev.telemetry.autoconfigure.web;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Server spans for Spring MVC requests: named {@code GET /orders/{id}} after the matched
 * route template (never the raw path, which would explode span-name cardinality), kind
 * SERVER, with the stable HTTP server attributes.
 *
 * @since 0.1.0
 */
public final class ServletServerSpanConvention implements ObservationSpanConvention {

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public String getStartName(Observation.Context context) {
		HttpServletRequest request = ((ServerRequestObservationContext) context).getCarrier();
		return HttpConventions.spanName(HttpConventions.normalizeMethod(request.getMethod()), null);
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		HttpServletRequest request = ((ServerRequestObservationContext) context).getCarrier();
		HttpConventions.setMethod(span, request.getMethod());
		span.setAttribute("url.path", request.getRequestURI());
		span.setAttribute("url.scheme", request.getScheme());
		span.setAttribute("server.address", request.getServerName());
		span.setAttribute("server.port", request.getServerPort());
		String client = request.getRemoteAddr();
		if (client != null) {
			span.setAttribute("client.address", client);
		}
		String userAgent = request.getHeader("User-Agent");
		if (userAgent != null) {
			span.setAttribute("user_agent.original", userAgent);
		}
		String protocol = request.getProtocol();
		if (protocol != null && protocol.startsWith("HTTP/")) {
			span.setAttribute("network.protocol.version", protocol.substring(5));
		}
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		ServerRequestObservationContext server = (ServerRequestObservationContext) context;
		String method = HttpConventions.normalizeMethod(server.getCarrier().getMethod());
		String route = server.getPathPattern();
		if (route != null) {
			span.setAttribute("http.route", route);
		}
		span.updateName(HttpConventions.spanName(method, route));
		HttpServletResponse response = server.getResponse();
		HttpConventions.setOutcome(span, (response != null) ? response.getStatus() : 0, server.getError(), false);
	}

}
