package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns every {@link Observation} into metrics: the first
 * {@link ObservationMetricConvention} that supports its context records them (HTTP server
 * and client requests, database operations by the semantic conventions), and observations
 * no convention claims get a duration histogram named after the observation, in seconds,
 * with their low-cardinality key values as attributes.
 * <p>
 * Measurements are recorded in the context of the observation's span, when the tracing
 * handler made one, so that a sampled span's measurements carry an exemplar that points
 * at it.
 * <p>
 * Thread-safe: per-observation state lives in the observation's context (with the tracing
 * handler's, when there is one); the handler keeps only the (bounded) set of observation
 * names it has measured. Never throws into the application; a failure is logged at debug
 * level and the observation goes unmeasured.
 *
 * @since 0.1.0
 */
public final class MetricsObservationHandler implements ObservationHandler<Observation.Context> {

	private static final Log logger = LogFactory.getLog(MetricsObservationHandler.class);

	// Observation names are few (one per kind of observation); the bound only guards
	// against an application that invents them.
	private static final int MAX_MEASURED_NAMES = 1024;

	private final ConventionLookup<ObservationMetricConvention> conventions;

	private final LongSupplier nanoTime;

	private final Set<String> measuredNames = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a handler whose observations no convention supports get a duration
	 * histogram named after the observation.
	 * @param conventions conventions to try, in order
	 * @param meter the meter of those histograms
	 */
	public MetricsObservationHandler(List<ObservationMetricConvention> conventions, Meter meter) {
		this(conventions, new GenericMetricConvention(meter));
	}

	/**
	 * Creates a handler with its own fallback convention.
	 * @param conventions conventions to try, in order, before the fallback
	 * @param generic the convention for observations no other one supports
	 */
	public MetricsObservationHandler(List<ObservationMetricConvention> conventions,
			ObservationMetricConvention generic) {
		this(conventions, generic, System::nanoTime);
	}

	MetricsObservationHandler(List<ObservationMetricConvention> conventions, ObservationMetricConvention generic,
			LongSupplier nanoTime) {
		this.conventions = new ConventionLookup<>(conventions, generic, ObservationMetricConvention::supports,
				ObservationMetricConvention::supportsByType);
		this.nanoTime = nanoTime;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Every context, even null, as Micrometer's kit asks; callbacks ignore null.
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (context == null) {
			return;
		}
		try {
			ObservationMetricConvention convention = this.conventions.find(context);
			if (!convention.isMeasured(context)) {
				return;
			}
			claim(context.getName());
			Object started = convention.onStart(context);
			MeterState state = new MeterState(convention, started, this.nanoTime.getAsLong());
			TracingState tracing = context.get(TracingState.class);
			if (tracing != null) {
				tracing.meterState = state;
			}
			else {
				context.put(MeterState.class, state);
			}
		}
		catch (Throwable ex) {
			failed("start", context, ex);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		if (context == null) {
			return;
		}
		TracingState tracing = context.get(TracingState.class);
		MeterState state = (tracing != null) ? tracing.meterState : null;
		if (state == null) {
			// This handler ran before the tracing handler, or without one.
			state = context.get(MeterState.class);
		}
		if (state == null) {
			// Started before this handler was registered, or start failed.
			return;
		}
		try {
			double seconds = (this.nanoTime.getAsLong() - state.startNanos) / 1e9;
			// The span's context, when the tracing handler made one: by now the
			// observation's scope is usually closed, so the span is no longer current,
			// yet its measurement belongs to it.
			Context traceContext = (tracing != null) ? tracing.context() : Context.current();
			state.convention.onStop(context, state.started, seconds, traceContext);
		}
		catch (Throwable ex) {
			failed("stop", context, ex);
		}
	}

	/**
	 * Returns whether this handler measures observations of the given name: the
	 * Micrometer bridge leaves out the timers Spring's meter handler makes for them,
	 * which would measure the same thing a second time.
	 * @param observationName the name of an observation
	 * @return whether an observation of that name was measured
	 */
	public boolean isMeasured(String observationName) {
		return this.measuredNames.contains(observationName);
	}

	/**
	 * Returns whether observations of this context are measured by a convention of their
	 * own, such as the HTTP and database conventions, that decides from the context's
	 * class alone, so that the answer before the observation starts is the one it gets
	 * when it does (a convention's {@code isMeasured} must agree). The generic duration
	 * histogram does not count.
	 * @param context the context of an observation, started or not
	 * @return whether such a convention measures it
	 */
	public boolean isMeasuredByConvention(Observation.Context context) {
		ObservationMetricConvention convention = this.conventions.find(context);
		return !this.conventions.isFallback(convention) && convention.supportsByType()
				&& convention.isMeasured(context);
	}

	private void claim(@Nullable String name) {
		if (name != null && !this.measuredNames.contains(name) && this.measuredNames.size() < MAX_MEASURED_NAMES) {
			this.measuredNames.add(name);
		}
	}

	private static void failed(String phase, Observation.@Nullable Context context, Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Could not measure " + phase + " of observation '"
					+ ((context != null) ? context.getName() : null) + "'", ex);
		}
	}

	/**
	 * What the handler keeps between an observation's start and stop: in the tracing
	 * handler's {@link TracingState} when that ran first, else in the context's map.
	 */
	static final class MeterState {

		final ObservationMetricConvention convention;

		final @Nullable Object started;

		final long startNanos;

		MeterState(ObservationMetricConvention convention, @Nullable Object started, long startNanos) {
			this.convention = convention;
			this.started = started;
			this.startNanos = startNanos;
		}

	}

}
