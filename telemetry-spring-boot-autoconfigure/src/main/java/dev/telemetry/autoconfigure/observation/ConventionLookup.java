package dev.telemetry.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;

/**
 * Finds the first convention, in order, that supports a context, else the fallback. What
 * the conventions that decide by type answered is remembered per context class, so an
 * observation asks only the others: with this starter's conventions alone, none. Asking
 * each convention cost an interface call and a type check per convention and observation,
 * a few hundred nanoseconds per request with two handlers (see
 * {@code docs/benchmarks.md}).
 * <p>
 * Thread-safe. At most {@value #MAX_CLASSES} context classes are remembered; contexts of
 * any other class ask every convention.
 *
 * @param <C> the convention type
 */
final class ConventionLookup<C> {

	private static final int MAX_CLASSES = 256;

	private final List<C> conventions;

	private final C fallback;

	private final BiPredicate<C, Observation.Context> supports;

	private final Predicate<C> byType;

	private final Map<Class<?>, Plan<C>> plans = new ConcurrentHashMap<>();

	/**
	 * Creates a lookup.
	 * @param conventions the conventions, in order
	 * @param fallback what to use when none supports a context
	 * @param supports whether a convention supports a context
	 * @param byType whether a convention decides from the context's class alone
	 */
	ConventionLookup(List<C> conventions, C fallback, BiPredicate<C, Observation.Context> supports,
			Predicate<C> byType) {
		this.conventions = List.copyOf(conventions);
		this.fallback = fallback;
		this.supports = supports;
		this.byType = byType;
	}

	C find(Observation.Context context) {
		Plan<C> plan = this.plans.get(context.getClass());
		if (plan == null) {
			plan = plan(context);
			if (this.plans.size() < MAX_CLASSES) {
				this.plans.putIfAbsent(context.getClass(), plan);
			}
		}
		// An array, not a list: no iterator on the path every observation takes.
		for (Object convention : plan.ask) {
			@SuppressWarnings("unchecked")
			C candidate = (C) convention;
			if (this.supports.test(candidate, context)) {
				return candidate;
			}
		}
		return plan.otherwise;
	}

	/**
	 * What contexts of this one's class need: the conventions that must be asked each
	 * time, in order, up to the first one that supports the class by type, which is the
	 * answer when none of them does.
	 */
	private Plan<C> plan(Observation.Context context) {
		List<C> ask = new ArrayList<>();
		for (C convention : this.conventions) {
			if (!this.byType.test(convention)) {
				ask.add(convention);
			}
			else if (this.supports.test(convention, context)) {
				return new Plan<>(ask, convention);
			}
		}
		return new Plan<>(ask, this.fallback);
	}

	private static final class Plan<C> {

		private final Object[] ask;

		private final C otherwise;

		Plan(List<C> ask, C otherwise) {
			this.ask = ask.toArray();
			this.otherwise = otherwise;
		}

	}

}
