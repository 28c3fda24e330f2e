package dev.telemetry.sdk.propagation;

import java.util.Collection;
import java.util.List;

import dev.telemetry.sdk.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Writes parts of a {@link Context} into a carrier of string fields and reads them back
 * in another process, for example as HTTP headers.
 * <p>
 * Implementations are stateless and thread-safe. {@link #extract} never throws on
 * malformed or missing input; it returns the given context unchanged instead, so that a
 * bad header from a caller can at worst start a new trace.
 *
 * @since 0.1.0
 */
public interface TextMapPropagator {

	/**
	 * Returns the names of the fields this propagator writes, so that carriers can be
	 * cleared or copied ahead of time.
	 * @return an unmodifiable collection of lower-case field names
	 */
	Collection<String> fields();

	/**
	 * Writes the propagated parts of a context into a carrier; writes nothing when the
	 * context holds nothing to propagate.
	 * @param context the context to propagate
	 * @param carrier the carrier, passed as is to the setter
	 * @param setter writes one field into the carrier
	 * @param <C> the carrier type
	 */
	<C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter);

	/**
	 * Reads the propagated parts from a carrier and returns a context that carries them.
	 * @param context the context to extend, usually the current one
	 * @param carrier the carrier, passed as is to the getter
	 * @param getter reads one field from the carrier
	 * @param <C> the carrier type
	 * @return a new context, or {@code context} itself when the carrier holds nothing
	 * valid
	 */
	<C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter);

	/**
	 * Returns a propagator that injects with every given propagator and extracts with
	 * each in turn, so that later ones see (and may override) what earlier ones read.
	 * @param propagators the propagators in order
	 * @return the noop propagator when the list is empty, the only element when it has
	 * one, otherwise a composite
	 */
	static TextMapPropagator composite(List<TextMapPropagator> propagators) {
		if (propagators.isEmpty()) {
			return noop();
		}
		if (propagators.size() == 1) {
			return propagators.get(0);
		}
		return new CompositeTextMapPropagator(propagators);
	}

	/**
	 * Returns a propagator that has no fields, injects nothing and extracts nothing.
	 * @return the shared noop propagator
	 */
	static TextMapPropagator noop() {
		return NoopTextMapPropagator.INSTANCE;
	}

}
