package dev.telemetry.sdk.context;

import org.jspecify.annotations.Nullable;

/**
 * An immutable set of values, such as the current span and baggage, that travels with a
 * unit of work. Writing returns a new context; the original is unchanged.
 * <p>
 * Thread-safe. The number of keys is small (span, baggage), so entries live in one array.
 *
 * @since 0.1.0
 */
public final class Context {

	private static final Context ROOT = new Context(new Object[0]);

	// alternating ContextKey and value
	private final Object[] entries;

	private Context(Object[] entries) {
		this.entries = entries;
	}

	/**
	 * Returns the empty root context.
	 * @return the root context
	 */
	public static Context root() {
		return ROOT;
	}

	/**
	 * Returns the context attached to the current thread, or the root context.
	 * @return the current context
	 */
	public static Context current() {
		return ContextStorage.current();
	}

	/**
	 * Returns the value of a key.
	 * @param key the key
	 * @param <T> the value type
	 * @return the value, or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(ContextKey<T> key) {
		Object[] e = this.entries;
		for (int i = 0; i < e.length; i += 2) {
			if (e[i] == key) {
				return (T) e[i + 1];
			}
		}
		return null;
	}

	/**
	 * Returns a context with the key set to the value.
	 * @param key the key
	 * @param value the value
	 * @param <T> the value type
	 * @return a new context, or this one when the value is already set
	 */
	public <T> Context with(ContextKey<T> key, T value) {
		Object[] e = this.entries;
		for (int i = 0; i < e.length; i += 2) {
			if (e[i] == key) {
				if (e[i + 1] == value) {
					return this;
				}
				Object[] copy = e.clone();
				copy[i + 1] = value;
				return new Context(copy);
			}
		}
		Object[] copy = new Object[e.length + 2];
		System.arraycopy(e, 0, copy, 0, e.length);
		copy[e.length] = key;
		copy[e.length + 1] = value;
		return new Context(copy);
	}

	/**
	 * Attaches this context to the current thread until the returned scope is closed.
	 * @return the scope that restores the previous context
	 */
	public Scope makeCurrent() {
		return ContextStorage.attach(this);
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("Context{");
		for (int i = 0; i < this.entries.length; i += 2) {
			sb.append((i > 0) ? ", " : "").append(this.entries[i]).append('=').append(this.entries[i + 1]);
		}
		return sb.append('}').toString();
	}

}
