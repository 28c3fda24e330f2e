package dev.telemetry.autoconfigure.actuate;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AttributeValues}.
 */
class AttributeValuesTests {

	private static final Attributes SPAN = Attributes.builder()
		.put("http.route", "/orders/{id}")
		.put("http.response.status_code", 200L)
		.put("db.connection", "postgres://app:pa55word@db:5432/orders")
		.build();

	@Test
	void hidesSpanValuesUnlessShownAndKeepsKeys() {
		AttributeValues never = new AttributeValues(Show.NEVER, Set.of(), List.of());
		assertThat(never.isShown(SecurityContext.NONE)).isFalse();
		assertThat(never.span(SPAN, false)).containsOnlyKeys("http.route", "http.response.status_code", "db.connection")
			.allSatisfy((key, value) -> assertThat(value).isEqualTo(AttributeValues.HIDDEN));
		assertThat(never.text("status.description", "boom", false)).isEqualTo(AttributeValues.HIDDEN);
		assertThat(never.text("status.description", "", false)).isEmpty();
	}

	@Test
	void showsValuesButNeverCredentialsInUrls() {
		AttributeValues always = new AttributeValues(Show.ALWAYS, Set.of(), List.of());
		assertThat(always.span(SPAN, true)).containsEntry("http.route", "/orders/{id}")
			.containsEntry("http.response.status_code", 200L)
			.containsEntry("db.connection", "postgres://****@db:5432/orders");
	}

	@Test
	void showsValuesToAuthorizedRolesOnly() {
		AttributeValues whenAuthorized = new AttributeValues(Show.WHEN_AUTHORIZED, Set.of("OPS"), List.of());
		assertThat(whenAuthorized.isShown(SecurityContext.NONE)).isFalse();
		assertThat(whenAuthorized.isShown(user("OPS"))).isTrue();
		assertThat(whenAuthorized.isShown(user("DEV"))).isFalse();
	}

	@Test
	void appliesTheApplicationsSanitizingFunctions() {
		SanitizingFunction route = (data) -> data.getKey().equals("http.route") ? data.withSanitizedValue() : data;
		AttributeValues always = new AttributeValues(Show.ALWAYS, Set.of(), List.of(route));
		assertThat(always.span(SPAN, true)).containsEntry("http.route", AttributeValues.HIDDEN)
			.containsEntry("http.response.status_code", 200L);
	}

	@Test
	void masksResourceValuesOfCredentialLookingKeysOnly() {
		AttributeValues never = new AttributeValues(Show.NEVER, Set.of(), List.of());
		Attributes resource = Attributes.builder()
			.put("service.name", "orders")
			.put("db.password", "hunter2")
			.put("vendor.api.key", "k-1")
			.put("auth.token", "t-1")
			.build();
		assertThat(never.resource(resource)).containsEntry("service.name", "orders")
			.containsEntry("db.password", AttributeValues.HIDDEN)
			.containsEntry("vendor.api.key", AttributeValues.HIDDEN)
			.containsEntry("auth.token", AttributeValues.HIDDEN);
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "alice";
			}

			@Override
			public boolean isUserInRole(String name) {
				return role.equals(name);
			}

		};
	}

}
