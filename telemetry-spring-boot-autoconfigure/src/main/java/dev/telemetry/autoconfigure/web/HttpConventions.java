package dev.telemetry.autoconfigure.web;

import java.net.URI;
import java.util.Set;

import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Rules of the stable OpenTelemetry HTTP semantic conventions shared by server and client
 * spans.
 */
final class HttpConventions {

	static final String OTHER_METHOD = "_OTHER";

	private static final Set<String> KNOWN_METHODS = Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH",
			"POST", "PUT", "TRACE", "QUERY");

	private HttpConventions() {
	}

	/**
	 * Returns the method as the conventions spell it: known methods as they are, anything
	 * else as {@code _OTHER} (bounding the cardinality of span names).
	 */
	static String normalizeMethod(@Nullable String method) {
		return (method != null && KNOWN_METHODS.contains(method)) ? method : OTHER_METHOD;
	}

	static void setMethod(SpanBuilder span, @Nullable String method) {
		String normalized = normalizeMethod(method);
		span.setAttribute("http.request.method", normalized);
		if (normalized == OTHER_METHOD && method != null) {
			span.setAttribute("http.request.method_original", method);
		}
	}

	static void setMethod(Span span, @Nullable String method) {
		String normalized = normalizeMethod(method);
		span.setAttribute("http.request.method", normalized);
		if (normalized == OTHER_METHOD && method != null) {
			span.setAttribute("http.request.method_original", method);
		}
	}

	/**
	 * Returns the span name for a method and an optional route or template: {@code GET}
	 * or {@code GET /orders/{id}}, and {@code HTTP} for unknown methods.
	 */
	static String spanName(String normalizedMethod, @Nullable String route) {
		String prefix = (normalizedMethod == OTHER_METHOD) ? "HTTP" : normalizedMethod;
		return (route != null && !route.isEmpty()) ? prefix + " " + route : prefix;
	}

	/**
	 * Returns the port a URI addresses, explicit or the scheme's default, or -1.
	 */
	static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		String scheme = uri.getScheme();
		if ("https".equalsIgnoreCase(scheme)) {
			return 443;
		}
		return ("http".equalsIgnoreCase(scheme)) ? 80 : -1;
	}

	/**
	 * Returns the URI without user information, which may hold credentials.
	 */
	static String fullUrl(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri.toString();
		}
		try {
			return new URI(uri.getScheme(), "REDACTED:REDACTED", uri.getHost(), uri.getPort(), uri.getRawPath(), null,
					null)
				.toString() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		}
		catch (Exception ex) {
			return uri.getScheme() + "://" + uri.getHost();
		}
	}

	/**
	 * Records the response status and the failure, if any: 5xx is an error on any span,
	 * 4xx only on client spans, and an exception always.
	 */
	static void setOutcome(Span span, int status, @Nullable Throwable error, boolean client) {
		if (status > 0) {
			span.setAttribute("http.response.status_code", status);
		}
		if (error != null) {
			span.setAttribute("error.type", error.getClass().getName());
			span.setStatus(StatusCode.ERROR, (error.getMessage() != null) ? error.getMessage() : "");
			span.recordException(error);
		}
		else if (status >= 500 || (client && status >= 400)) {
			span.setAttribute("error.type", Integer.toString(status));
			span.setStatus(StatusCode.ERROR, "");
		}
	}

}
