package dev.telemetry.sdk.context;

/**
 * A key for a value in a {@link Context}; compared by identity, so each owner keeps its
 * key private and exposes typed accessors instead.
 *
 * @param <T> the value type
 * @since 0.1.0
 */
public final class ContextKey<T> {

	private final String name;

	private ContextKey(String name) {
		this.name = name;
	}

	/**
	 * Creates a new key; two calls with the same name make two different keys.
	 * @param name a name for debugging
	 * @param <T> the value type
	 * @return the key
	 */
	public static <T> ContextKey<T> named(String name) {
		return new ContextKey<>(name);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
