package dev.telemetry.autoconfigure.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RouteSpanNames}.
 */
class RouteSpanNamesTests {

	@Test
	void namesAreMadeOncePerRouteAndMethod() {
		RouteSpanNames names = new RouteSpanNames(16);
		String route = "/orders/{id}";
		String name = names.get(HttpConventions.normalizeMethod(new String("GET".toCharArray())), route);
		assertThat(name).isEqualTo("GET /orders/{id}");
		assertThat(names.get(HttpConventions.normalizeMethod("GET"), route)).isSameAs(name);
		assertThat(names.get("POST", route)).isEqualTo("POST /orders/{id}");
		assertThat(names.get(HttpConventions.normalizeMethod("PROPFIND"), route)).isEqualTo("HTTP /orders/{id}");
	}

	@Test
	void withoutARouteTheNameIsTheMethod() {
		RouteSpanNames names = new RouteSpanNames(16);
		assertThat(names.get("GET", null)).isEqualTo("GET");
		assertThat(names.get("POST", "")).isEqualTo("POST");
		assertThat(names.get(HttpConventions.OTHER_METHOD, null)).isEqualTo("HTTP");
	}

	@Test
	void pastTheBoundNamesAreStillRightButNotKept() {
		RouteSpanNames names = new RouteSpanNames(2);
		String first = names.get("GET", "/a");
		names.get("GET", "/b");
		String third = names.get("GET", "/c");
		assertThat(third).isEqualTo("GET /c");
		assertThat(names.get("GET", "/c")).isEqualTo("GET /c").isNotSameAs(third);
		assertThat(names.get("GET", "/a")).isSameAs(first);
	}

}
