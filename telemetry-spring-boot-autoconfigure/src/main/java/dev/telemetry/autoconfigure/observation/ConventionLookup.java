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
 * each convention costs an interface call and a type check per convention, handler and
 * observation, on every request's path.
 * <p>
 * Thread-safe. A bounded number of context classes is remembered; contexts of any other
 * class ask every convention in turn, as if nothing were remembered.
 *
 * @param <C> the convention type
 */
final class ConventionLookup<C> {

	private static final int MAX_CLASSES = 256;

	private final Object[] conventions;

	private final C fallback;

	private final BiPredicate<C, Observation.Context> supports;

	private final Predicate<C> byType;

	private final int maxClasses;

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
		this(conventions, fallback, supports, byType, MAX_CLASSES);
	}

	ConventionLookup(List<C> conventions, C fallback, BiPredicate<C, Observation.Context> supports, Predicate<C> byType,
			int maxClasses) {
		this.conventions = conventions.toArray();
		this.fallback = fallback;
		this.supports = supports;
		this.byType = byType;
		this.maxClasses = maxClasses;
	}

	C find(Observation.Context context) {
		Plan<C> plan = this.plans.get(context.getClass());
		if (plan == null) {
			if (this.plans.size() >= this.maxClasses) {
				return first(this.conventions, context, this.fallback);
			}
			plan = plan(context);
			this.plans.putIfAbsent(context.getClass(), plan);
		}
		return first(plan.ask, context, plan.otherwise);
	}

	/**
	 * Returns whether a convention is the fallback, which {@link #find} answers when no
	 * other convention supports a context.
	 * @param convention a convention {@link #find} returned
	 * @return whether it is the fallback
	 */
	boolean isFallback(C convention) {
		return convention == this.fallback;
	}

	// Arrays, not lists: no iterator on the path every observation takes.
	private C first(Object[] candidates, Observation.Context context, C otherwise) {
		for (Object each : candidates) {
			@SuppressWarnings("unchecked")
			C convention = (C) each;
			if (this.supports.test(convention, context)) {
				return convention;
			}
		}
		return otherwise;
	}

	/**
	 * What contexts of this one's class need: the conventions that must be asked each
	 * time, in order, up to the first one that supports the class by type, which is the
	 * answer when none of them does.
	 */
	private Plan<C> plan(Observation.Context context) {
		List<C> ask = new ArrayList<>();
		for (Object each : this.conventions) {
			@SuppressWarnings("unchecked")
			C convention = (C) each;
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
