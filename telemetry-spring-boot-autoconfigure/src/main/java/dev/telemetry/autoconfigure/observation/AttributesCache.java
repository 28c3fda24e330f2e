package dev.telemetry.autoconfigure.observation;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.telemetry.sdk.common.Attributes;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of immutable metric attribute sets, each made from up to six values
 * (objects compared with {@code equals}, and one {@code int}): a metric convention looks
 * up the attributes of a series by the raw values it reads from an observation (method,
 * route, status, ...) and builds them only the first time, so recording into an existing
 * series allocates nothing.
 * <p>
 * Past {@code maxSize} entries, attributes are built on every call and not kept: the
 * metrics SDK's cardinality limit bounds the series, this bound only keeps the cache from
 * growing with values a misbehaving caller invents.
 * <p>
 * Thread-safe and lock-free on hits: the look-up key is a reused per-thread probe.
 *
 * @since 0.1.0
 */
public final class AttributesCache {

	private final ConcurrentHashMap<Key, Attributes> cache = new ConcurrentHashMap<>();

	private final ThreadLocal<Key> probes = ThreadLocal.withInitial(Key::new);

	private final int maxSize;

	/**
	 * Creates a cache.
	 * @param maxSize the number of attribute sets kept at most
	 */
	public AttributesCache(int maxSize) {
		if (maxSize < 0) {
			throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
		}
		this.maxSize = maxSize;
	}

	/**
	 * Returns the attributes for the given values, building them with the factory the
	 * first time. The factory must depend only on the values.
	 * @param a the first value, or {@code null}
	 * @param b the second value, or {@code null}
	 * @param c the third value, or {@code null}
	 * @param d the fourth value, or {@code null}
	 * @param e the fifth value, or {@code null}
	 * @param f the sixth value, or {@code null}
	 * @param number a number that is part of the key (a status code, a port), or 0
	 * @param factory builds the attributes from the same values
	 * @return the cached attributes
	 */
	public Attributes get(@Nullable Object a, @Nullable Object b, @Nullable Object c, @Nullable Object d,
			@Nullable Object e, @Nullable Object f, int number, Factory factory) {
		Key probe = this.probes.get().set(a, b, c, d, e, f, number);
		try {
			Attributes attributes = this.cache.get(probe);
			if (attributes != null) {
				return attributes;
			}
			attributes = factory.create(a, b, c, d, e, f, number);
			if (this.cache.size() < this.maxSize) {
				Attributes raced = this.cache.putIfAbsent(probe.copy(), attributes);
				return (raced != null) ? raced : attributes;
			}
			return attributes;
		}
		finally {
			// The probe must not keep request values reachable from the thread.
			probe.set(null, null, null, null, null, null, 0);
		}
	}

	/**
	 * Returns the number of attribute sets kept.
	 * @return the size
	 */
	public int size() {
		return this.cache.size();
	}

	/**
	 * Builds the attributes of one key.
	 */
	@FunctionalInterface
	public interface Factory {

		/**
		 * Builds the attributes for the given values.
		 * @param a the first value
		 * @param b the second value
		 * @param c the third value
		 * @param d the fourth value
		 * @param e the fifth value
		 * @param f the sixth value
		 * @param number the number
		 * @return the attributes
		 */
		Attributes create(@Nullable Object a, @Nullable Object b, @Nullable Object c, @Nullable Object d,
				@Nullable Object e, @Nullable Object f, int number);

	}

	/**
	 * A key: mutable as a per-thread probe, copied when stored.
	 */
	private static final class Key {

		private @Nullable Object a;

		private @Nullable Object b;

		private @Nullable Object c;

		private @Nullable Object d;

		private @Nullable Object e;

		private @Nullable Object f;

		private int number;

		private int hash;

		Key set(@Nullable Object a, @Nullable Object b, @Nullable Object c, @Nullable Object d, @Nullable Object e,
				@Nullable Object f, int number) {
			this.a = a;
			this.b = b;
			this.c = c;
			this.d = d;
			this.e = e;
			this.f = f;
			this.number = number;
			int hash = number;
			hash = 31 * hash + Objects.hashCode(a);
			hash = 31 * hash + Objects.hashCode(b);
			hash = 31 * hash + Objects.hashCode(c);
			hash = 31 * hash + Objects.hashCode(d);
			hash = 31 * hash + Objects.hashCode(e);
			hash = 31 * hash + Objects.hashCode(f);
			this.hash = hash;
			return this;
		}

		Key copy() {
			return new Key().set(this.a, this.b, this.c, this.d, this.e, this.f, this.number);
		}

		@Override
		public boolean equals(Object obj) {
			if (this == obj) {
				return true;
			}
			return obj instanceof Key other && this.hash == other.hash && this.number == other.number
					&& Objects.equals(this.a, other.a) && Objects.equals(this.b, other.b)
					&& Objects.equals(this.c, other.c) && Objects.equals(this.d, other.d)
					&& Objects.equals(this.e, other.e) && Objects.equals(this.f, other.f);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
