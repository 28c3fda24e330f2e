package dev.telemetry.sdk.baggage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * W3C baggage: immutable, ordered name/value entries with optional metadata, carried in
 * the {@link Context} and propagated to downstream services.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class Baggage {

	private static final ContextKey<Baggage> KEY = ContextKey.named("baggage");

	private static final Baggage EMPTY = new Baggage(List.of());

	private final List<Entry> entries;

	private Baggage(List<Entry> entries) {
		this.entries = entries;
	}

	/**
	 * Returns the empty baggage.
	 * @return the empty baggage
	 */
	public static Baggage empty() {
		return EMPTY;
	}

	/**
	 * Returns the baggage in a context.
	 * @param context the context
	 * @return its baggage, or the empty baggage
	 */
	public static Baggage fromContext(Context context) {
		Baggage baggage = context.get(KEY);
		return (baggage != null) ? baggage : EMPTY;
	}

	/**
	 * Returns a context that carries this baggage.
	 * @param context the context to extend
	 * @return the new context
	 */
	public Context storeInContext(Context context) {
		return context.with(KEY, this);
	}

	/**
	 * Returns the value of an entry.
	 * @param name the entry name
	 * @return its value, or {@code null}
	 */
	public @Nullable String get(String name) {
		for (Entry entry : this.entries) {
			if (entry.name().equals(name)) {
				return entry.value();
			}
		}
		return null;
	}

	/**
	 * Returns baggage with the entry added or replaced.
	 * @param name the entry name
	 * @param value the entry value
	 * @param metadata the entry's properties as written after {@code ;}, or empty
	 * @return the new baggage
	 */
	public Baggage with(String name, String value, String metadata) {
		List<Entry> copy = new ArrayList<>(this.entries.size() + 1);
		for (Entry entry : this.entries) {
			if (!entry.name().equals(name)) {
				copy.add(entry);
			}
		}
		copy.add(new Entry(name, value, metadata));
		return new Baggage(Collections.unmodifiableList(copy));
	}

	/**
	 * Returns the entries in order.
	 * @return an unmodifiable list
	 */
	public List<Entry> entries() {
		return this.entries;
	}

	/**
	 * Returns the number of entries.
	 * @return the count
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Returns whether there are no entries.
	 * @return whether empty
	 */
	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof Baggage other) && this.entries.equals(other.entries);
	}

	@Override
	public int hashCode() {
		return this.entries.hashCode();
	}

	@Override
	public String toString() {
		// Values may be sensitive; show names only.
		StringBuilder sb = new StringBuilder("Baggage{");
		for (int i = 0; i < this.entries.size(); i++) {
			sb.append((i > 0) ? "," : "").append(this.entries.get(i).name());
		}
		return sb.append('}').toString();
	}

	/**
	 * One baggage entry.
	 *
	 * @param name the name
	 * @param value the (decoded) value
	 * @param metadata the properties after {@code ;}, or empty
	 */
	public record Entry(String name, String value, String metadata) {

		public Entry {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
			Objects.requireNonNull(metadata, "metadata");
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
