package dev.telemetry.autoconfigure.web;

import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Server span names ({@code GET /orders/{id}}) made once per route and method: a
 * request's span name is then a string whose hash is computed once for every map it keys,
 * instead of a new string per request. Routes are bounded by the application's mappings;
 * past {@code maxRoutes} names are made per request and not kept.
 * <p>
 * Thread-safe.
 */
final class RouteSpanNames {

	private final ConcurrentHashMap<String, String[]> byRoute = new ConcurrentHashMap<>();

	private final int maxRoutes;

	RouteSpanNames(int maxRoutes) {
		this.maxRoutes = maxRoutes;
	}

	/**
	 * Returns the span name, as {@link HttpConventions#spanName} makes it.
	 * @param normalizedMethod the method, as {@link HttpConventions#normalizeMethod}
	 * returns it
	 * @param route the route, or {@code null}
	 * @return the name
	 */
	String get(String normalizedMethod, @Nullable String route) {
		if (route == null || route.isEmpty()) {
			return HttpConventions.spanName(normalizedMethod, route);
		}
		String[] byMethod = this.byRoute.get(route);
		if (byMethod == null) {
			if (this.byRoute.size() >= this.maxRoutes) {
				return HttpConventions.spanName(normalizedMethod, route);
			}
			byMethod = this.byRoute.computeIfAbsent(route, (key) -> new String[HttpConventions.METHOD_INDEXES]);
		}
		int index = HttpConventions.methodIndex(normalizedMethod);
		String name = byMethod[index];
		if (name == null) {
			// Racing threads may each make one; they are equal, and strings are safe to
			// publish without a fence.
			name = HttpConventions.spanName(normalizedMethod, route);
			byMethod[index] = name;
		}
		return name;
	}

}
