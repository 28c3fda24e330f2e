package dev.telemetry.autoconfigure.web;

import java.util.function.Function;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Server spans for Spring MVC requests: named {@code GET /orders/{id}} after the matched
 * route template (never the raw path, which would explode span-name cardinality), kind
 * SERVER, with the stable HTTP server attributes. Values of secret-looking query
 * parameters are redacted in {@code url.query}.
 * <p>
 * A request that ends with a 5xx status is an error. Its exception comes from the
 * observation when the handler threw, else from the error Spring MVC resolved into the
 * response (an {@code @ExceptionHandler}, a {@code ResponseStatusException}), so errors
 * rendered by the error controller carry their {@code exception} event too. A 4xx status
 * leaves the span's status unset. Asynchronous requests ({@code Callable},
 * {@code DeferredResult}) end when the response completes, since that is when Spring
 * stops their observation.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ServletServerSpanConvention implements ObservationSpanConvention {

	// Routes are bounded by the application's mappings.
	private static final int MAX_CACHED_ROUTES = 1024;

	private final Function<HttpServletRequest, @Nullable Throwable> resolvedErrors;

	private final RouteSpanNames spanNames = new RouteSpanNames(MAX_CACHED_ROUTES);

	/**
	 * Creates a convention that finds resolved errors in the servlet container's
	 * {@value RequestDispatcher#ERROR_EXCEPTION} request attribute.
	 */
	public ServletServerSpanConvention() {
		this(ServletServerSpanConvention::containerError);
	}

	/**
	 * Creates a convention with its own way of finding an error that Spring MVC resolved
	 * into the response instead of letting it propagate.
	 * @param resolvedErrors returns the resolved error of a request, or {@code null}
	 */
	ServletServerSpanConvention(Function<HttpServletRequest, @Nullable Throwable> resolvedErrors) {
		this.resolvedErrors = resolvedErrors;
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
	public String getStartName(Observation.Context context) {
		HttpServletRequest request = ((ServerRequestObservationContext) context).getCarrier();
		return HttpConventions.spanName(HttpConventions.normalizeMethod(request.getMethod()), null);
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		HttpServletRequest request = ((ServerRequestObservationContext) context).getCarrier();
		HttpConventions.setMethod(span, request.getMethod());
		span.setAttribute("url.path", request.getRequestURI());
		String query = request.getQueryString();
		if (query != null && !query.isEmpty()) {
			span.setAttribute("url.query", HttpConventions.redactQuery(query));
		}
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
		String version = HttpConventions.protocolVersion(request.getProtocol());
		if (version != null) {
			span.setAttribute("network.protocol.version", version);
		}
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		ServerRequestObservationContext server = (ServerRequestObservationContext) context;
		HttpServletRequest request = server.getCarrier();
		String method = HttpConventions.normalizeMethod(request.getMethod());
		String route = server.getPathPattern();
		if (route != null) {
			span.setAttribute("http.route", route);
		}
		span.updateName(this.spanNames.get(method, route));
		HttpServletResponse response = server.getResponse();
		int status = (response != null) ? response.getStatus() : 0;
		Throwable error = server.getError();
		if (error == null && status >= 500) {
			error = resolvedError(request);
		}
		HttpConventions.setOutcome(span, status, error, false);
	}

	private @Nullable Throwable resolvedError(HttpServletRequest request) {
		try {
			return this.resolvedErrors.apply(request);
		}
		catch (RuntimeException ex) {
			// Only the exception event is lost; the status still marks the error.
			return null;
		}
	}

	private static @Nullable Throwable containerError(HttpServletRequest request) {
		return (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) ? error : null;
	}

}
