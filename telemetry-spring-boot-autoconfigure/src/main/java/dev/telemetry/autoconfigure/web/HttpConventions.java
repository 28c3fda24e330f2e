package dev.telemetry.autoconfigure.web;

import java.net.URI;

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

	static final String REDACTED = "REDACTED";

	private static final String[] SECRET_KEYS = { "sig", "key", "pwd", "pass", "auth", "jwt", "otp" };

	private static final String[] SECRET_KEY_FRAGMENTS = { "token", "passw", "secret", "signature", "credential",
			"apikey", "api_key", "api-key", "accesskey", "access_key", "session" };

	// The known methods, the most used first; the index of OTHER_METHOD is their number.
	private static final String[] KNOWN_METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
			"CONNECT", "QUERY" };

	/**
	 * The number of {@link #methodIndex} values: one per known method, and one for
	 * others.
	 */
	static final int METHOD_INDEXES = KNOWN_METHODS.length + 1;

	private HttpConventions() {
	}

	/**
	 * Returns the method as the conventions spell it: known methods as they are, anything
	 * else as {@code _OTHER} (bounding the cardinality of span names).
	 */
	static String normalizeMethod(@Nullable String method) {
		int index = methodIndex(method);
		// The constant, not the request's copy of it: its hash is computed once for all
		// the maps it keys (metric series, span names).
		return (index < KNOWN_METHODS.length) ? KNOWN_METHODS[index] : OTHER_METHOD;
	}

	/**
	 * Returns the index of a known method, or {@code METHOD_INDEXES - 1} for any other.
	 */
	static int methodIndex(@Nullable String method) {
		if (method != null) {
			for (int i = 0; i < KNOWN_METHODS.length; i++) {
				String known = KNOWN_METHODS[i];
				if (known == method || known.equals(method)) {
					return i;
				}
			}
		}
		return KNOWN_METHODS.length;
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
	 * Returns {@code network.protocol.version} for a servlet protocol such as
	 * {@code HTTP/1.1}: {@code 1.1}, or {@code null} for anything that is not HTTP.
	 */
	static @Nullable String protocolVersion(@Nullable String protocol) {
		if (protocol == null || !protocol.startsWith("HTTP/")) {
			return null;
		}
		// Constants for the usual versions, as for methods.
		return switch (protocol) {
			case "HTTP/1.1" -> "1.1";
			case "HTTP/2.0" -> "2.0";
			case "HTTP/1.0" -> "1.0";
			default -> protocol.substring(5);
		};
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
	 * Returns the URI as {@code url.full}: user information (which may hold credentials)
	 * replaced by {@code REDACTED:REDACTED}, and the values of secret-looking query
	 * parameters by {@code REDACTED}. Path, query and fragment keep their encoding.
	 */
	static String fullUrl(URI uri) {
		String rawQuery = uri.getRawQuery();
		String query = (rawQuery != null) ? redactQuery(rawQuery) : null;
		if (uri.getRawUserInfo() == null && query == rawQuery) {
			return uri.toString();
		}
		if (uri.isOpaque() || uri.getRawAuthority() == null) {
			// No authority, so no user information: only the query needed redacting.
			return rebuild(uri, uri.getRawAuthority(), query);
		}
		String authority = uri.getRawAuthority();
		if (uri.getRawUserInfo() != null) {
			authority = "REDACTED:REDACTED@" + authority.substring(authority.lastIndexOf('@') + 1);
		}
		return rebuild(uri, authority, query);
	}

	private static String rebuild(URI uri, @Nullable String authority, @Nullable String query) {
		StringBuilder url = new StringBuilder(uri.toString().length() + 16);
		if (uri.getScheme() != null) {
			url.append(uri.getScheme()).append(':');
		}
		if (uri.isOpaque()) {
			String part = uri.getRawSchemeSpecificPart();
			int queryStart = part.indexOf('?');
			url.append((queryStart >= 0) ? part.substring(0, queryStart) : part);
		}
		else {
			if (authority != null) {
				url.append("//").append(authority);
			}
			if (uri.getRawPath() != null) {
				url.append(uri.getRawPath());
			}
		}
		if (query != null) {
			url.append('?').append(query);
		}
		if (uri.getRawFragment() != null) {
			url.append('#').append(uri.getRawFragment());
		}
		return url.toString();
	}

	/**
	 * Returns the query with the value of every secret-looking parameter replaced by
	 * {@code REDACTED}, keeping the keys; the same instance when nothing is redacted.
	 * <p>
	 * A key looks secret when it is one of {@code sig}, {@code key}, {@code pwd},
	 * {@code pass}, {@code auth}, {@code jwt} or {@code otp}, or contains {@code token},
	 * {@code passw}, {@code secret}, {@code signature}, {@code credential},
	 * {@code apikey}, {@code api_key}, {@code api-key}, {@code accesskey},
	 * {@code access_key} or {@code session}, ignoring case. This covers the keys the
	 * OpenTelemetry conventions name ({@code X-Amz-Signature}, {@code AWSAccessKeyId},
	 * {@code sig}, ...). One pass over the query, no regular expression; allocates only
	 * when something is redacted.
	 */
	static String redactQuery(String query) {
		StringBuilder redacted = null;
		int copied = 0;
		int length = query.length();
		int start = 0;
		while (start < length) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			int equals = query.indexOf('=', start);
			if (equals > start && equals < end - 1 && isSecretKey(query, start, equals)) {
				if (redacted == null) {
					redacted = new StringBuilder(length + 8);
				}
				redacted.append(query, copied, equals + 1).append(REDACTED);
				copied = end;
			}
			start = end + 1;
		}
		if (redacted == null) {
			return query;
		}
		return redacted.append(query, copied, length).toString();
	}

	static boolean isSecretKey(String query, int start, int end) {
		int length = end - start;
		for (String name : SECRET_KEYS) {
			if (name.length() == length && query.regionMatches(true, start, name, 0, length)) {
				return true;
			}
		}
		for (String fragment : SECRET_KEY_FRAGMENTS) {
			int last = end - fragment.length();
			for (int i = start; i <= last; i++) {
				if (query.regionMatches(true, i, fragment, 0, fragment.length())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Returns {@code error.type} for a failure: the exception's class name, or for
	 * Spring's wrappers of I/O failures ({@code ResourceAccessException},
	 * {@code WebClientRequestException}) the class of the failure they wrap, such as
	 * {@code java.net.ConnectException}, which says what went wrong.
	 */
	static String errorType(Throwable error) {
		Throwable relevant = error;
		while (relevant.getCause() != null && isTransportWrapper(relevant.getClass().getName())) {
			relevant = relevant.getCause();
		}
		return relevant.getClass().getName();
	}

	// By name: WebClient's exception is absent when spring-webflux is.
	private static boolean isTransportWrapper(String className) {
		return className.equals("org.springframework.web.client.ResourceAccessException")
				|| className.equals("org.springframework.web.reactive.function.client.WebClientRequestException");
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
			span.setAttribute("error.type", errorType(error));
			span.setStatus(StatusCode.ERROR, (error.getMessage() != null) ? error.getMessage() : "");
			span.recordException(error);
		}
		else if (status >= 500 || (client && status >= 400)) {
			span.setAttribute("error.type", Integer.toString(status));
			span.setStatus(StatusCode.ERROR, "");
		}
	}

}
