package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConventionLookup}.
 */
class ConventionLookupTests {

	private final Map<String, Integer> asked = new ConcurrentHashMap<>();

	@Test
	void asksAConventionThatDecidesByTypeOncePerContextClass() {
		Convention server = byType("server", ServerContext.class::isInstance);
		Convention client = byType("client", ClientContext.class::isInstance);
		ConventionLookup<Convention> lookup = lookup(List.of(server, client));

		for (int i = 0; i < 3; i++) {
			assertThat(lookup.find(new ClientContext())).isSameAs(client);
			assertThat(lookup.find(new ServerContext())).isSameAs(server);
			assertThat(lookup.find(new Observation.Context())).isSameAs(FALLBACK);
		}

		// Once per class that reached it: client, server and the plain context.
		assertThat(this.asked).containsEntry("server", 3).containsEntry("client", 2);
	}

	@Test
	void asksEveryOtherConventionForEachContextAndInOrder() {
		// Decides by name: two contexts of one class may differ.
		Convention named = new Convention("named", (context) -> "special".equals(context.getName()), false);
		Convention server = byType("server", ServerContext.class::isInstance);
		ConventionLookup<Convention> lookup = lookup(List.of(named, server));

		ServerContext special = new ServerContext();
		special.setName("special");

		assertThat(lookup.find(new ServerContext())).isSameAs(server);
		assertThat(lookup.find(special)).isSameAs(named);
		assertThat(lookup.find(new ServerContext())).isSameAs(server);
		assertThat(lookup.find(new Observation.Context())).isSameAs(FALLBACK);
		assertThat(this.asked).containsEntry("named", 4).containsEntry("server", 2);
	}

	@Test
	void aConventionAfterTheFirstByTypeMatchIsNeverAsked() {
		Convention server = byType("server", ServerContext.class::isInstance);
		Convention late = new Convention("late", (context) -> true, false);
		ConventionLookup<Convention> lookup = lookup(List.of(server, late));

		assertThat(lookup.find(new ServerContext())).isSameAs(server);
		assertThat(lookup.find(new ServerContext())).isSameAs(server);
		assertThat(lookup.find(new ClientContext())).isSameAs(late);

		assertThat(this.asked).containsEntry("late", 1).containsEntry("server", 2);
	}

	@Test
	void asksEveryConventionForContextsOfClassesPastTheBound() {
		Convention server = byType("server", ServerContext.class::isInstance);
		Convention client = byType("client", ClientContext.class::isInstance);
		ConventionLookup<Convention> lookup = new ConventionLookup<>(List.of(server, client), FALLBACK,
				(convention, context) -> {
					this.asked.merge(convention.name, 1, Integer::sum);
					return convention.test.test(context);
				}, (convention) -> convention.byType, 1);

		for (int i = 0; i < 3; i++) {
			assertThat(lookup.find(new ServerContext())).isSameAs(server);
			assertThat(lookup.find(new ClientContext())).isSameAs(client);
		}

		// The server's plan is remembered; the client's class is past the bound.
		assertThat(this.asked).containsEntry("server", 4).containsEntry("client", 3);
	}

	private static final Convention FALLBACK = new Convention("fallback", (context) -> true, true);

	private Convention byType(String name, Predicate<Observation.Context> test) {
		return new Convention(name, test, true);
	}

	private ConventionLookup<Convention> lookup(List<Convention> conventions) {
		return new ConventionLookup<>(conventions, FALLBACK, (convention, context) -> {
			this.asked.merge(convention.name, 1, Integer::sum);
			return convention.test.test(context);
		}, (convention) -> convention.byType);
	}

	private record Convention(String name, Predicate<Observation.Context> test, boolean byType) {

	}

	static class ServerContext extends Observation.Context {

	}

	static class ClientContext extends Observation.Context {

	}

}
