package dev.telemetry.autoconfigure.observation;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.propagation.TextMapGetter;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.TextMapSetter;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanKind;
import io.micrometer.observation.NullObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns every {@link Observation} into a span: a {@link ReceiverContext} continues the
 * trace its carrier brings, a {@link SenderContext} injects the span's context into its
 * carrier, anything else becomes an internal span. Observations nested in another, or
 * started while another's scope is open, become its children.
 * <p>
 * Stateless and thread-safe: per-observation state lives in the observation's context and
 * per-thread scopes in a thread-local stack. Never throws into the application; a failure
 * is logged at debug level and the observation goes on untraced.
 *
 * @since 0.1.0
 */
public final class TracingObservationHandler implements ObservationHandler<Observation.Context> {

	private static final Log logger = LogFactory.getLog(TracingObservationHandler.class);

	private static final ThreadLocal<ScopeStack> SCOPES = ThreadLocal.withInitial(ScopeStack::new);

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final ConventionLookup<ObservationSpanConvention> conventions;

	// Racy single-entry caches of immutable adapters: a stale read only costs a new one.
	private @Nullable ReceiverGetter lastGetter;

	private @Nullable SenderSetter lastSetter;

	private final ThreadLocal<BuilderSlot> builders;

	/**
	 * Creates a handler.
	 * @param tracer the tracer spans are created with
	 * @param propagator the propagator for sender and receiver contexts
	 * @param conventions conventions to try, in order, before the generic one
	 */
	public TracingObservationHandler(Tracer tracer, TextMapPropagator propagator,
			List<ObservationSpanConvention> conventions) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.conventions = new ConventionLookup<>(conventions, GenericSpanConvention.INSTANCE,
				ObservationSpanConvention::supports, ObservationSpanConvention::supportsByType);
		this.builders = ThreadLocal.withInitial(() -> new BuilderSlot(tracer.spanBuilder("")));
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
			ObservationSpanConvention convention = this.conventions.find(context);
			if (!convention.isTraced(context)) {
				return;
			}
			Context parent = parentContext(context);
			BuilderSlot slot = this.builders.get();
			SpanBuilder builder = slot.take(this.tracer, convention.getStartName(context))
				.setParent(parent)
				.setSpanKind(kindOf(context));
			convention.onStart(context, builder);
			TracingState state = new TracingState(builder.startSpan(), parent, convention);
			slot.giveBack(builder);
			// Stored before injecting: a carrier whose setter throws must not orphan a
			// started span that onStop would then never end.
			context.put(TracingState.class, state);
			if (context instanceof SenderContext<?> sender) {
				inject(state.context(), sender);
			}
		}
		catch (Throwable ex) {
			failed("start", context, ex);
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		TracingState state = stateOf(context);
		if (state != null) {
			SCOPES.get().push(state, state.context().makeCurrent());
		}
		else if (context instanceof NullObservation.NullContext) {
			// Context propagation opens a NullObservation's scope where the captured
			// context had no observation (a Reactor signal or task from an untraced
			// caller): nothing is current there, so no trace is either, as with
			// Micrometer Tracing's empty scope. The context itself is the key.
			SCOPES.get().push(context, Context.root().makeCurrent());
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		TracingState state = stateOf(context);
		if (state != null) {
			SCOPES.get().close(state);
		}
		else if (context instanceof NullObservation.NullContext) {
			SCOPES.get().close(context);
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		SCOPES.get().closeAll();
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		TracingState state = stateOf(context);
		if (state != null && event != null && state.span.isRecording()) {
			String name = event.getContextualName();
			state.span.addEvent((name != null && !name.isEmpty()) ? name : event.getName(), Attributes.empty());
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		TracingState state = stateOf(context);
		if (state == null) {
			// Started before this handler was registered, or start failed:
			// nothing to end.
			return;
		}
		try {
			if (state.span.isRecording()) {
				state.convention.onStop(context, state.span);
			}
		}
		catch (Throwable ex) {
			failed("stop", context, ex);
		}
		finally {
			state.span.end();
		}
	}

	private static @Nullable TracingState stateOf(Observation.@Nullable Context context) {
		return (context != null) ? context.get(TracingState.class) : null;
	}

	private Context parentContext(Observation.Context context) {
		Context extracted = null;
		if (context instanceof ReceiverContext<?> receiver) {
			extracted = extract(receiver);
			if (extracted != null && Span.fromContext(extracted).getSpanContext().isValid()) {
				return extracted;
			}
		}
		ObservationView parent = context.getParentObservation();
		if (parent != null) {
			TracingState parentState = parent.getContextView().get(TracingState.class);
			if (parentState != null) {
				return parentState.context();
			}
		}
		if (context instanceof ReceiverContext<?>) {
			// No remote parent: a new trace whatever the thread holds, with any
			// baggage that was received.
			return (extracted != null) ? extracted : Context.root();
		}
		return Context.current();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private @Nullable Context extract(ReceiverContext receiver) {
		Object carrier = receiver.getCarrier();
		if (carrier == null) {
			return null;
		}
		Propagator.Getter<Object> getter = receiver.getGetter();
		ReceiverGetter adapter = this.lastGetter;
		if (adapter == null || adapter.getter() != getter) {
			// Each kind of observation context has one getter for ever: remembering the
			// last adapter saves an allocation per request.
			adapter = new ReceiverGetter(getter);
			this.lastGetter = adapter;
		}
		return this.propagator.extract(Context.root(), carrier, adapter);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void inject(Context context, SenderContext sender) {
		Object carrier = sender.getCarrier();
		if (carrier != null) {
			Propagator.Setter<Object> setter = sender.getSetter();
			SenderSetter adapter = this.lastSetter;
			if (adapter == null || adapter.setter() != setter) {
				adapter = new SenderSetter(setter);
				this.lastSetter = adapter;
			}
			this.propagator.inject(context, carrier, adapter);
		}
	}

	private static SpanKind kindOf(Observation.Context context) {
		Kind kind = null;
		if (context instanceof ReceiverContext<?> receiver) {
			kind = receiver.getKind();
		}
		else if (context instanceof SenderContext<?> sender) {
			kind = sender.getKind();
		}
		if (kind == null) {
			return SpanKind.INTERNAL;
		}
		return switch (kind) {
			case SERVER -> SpanKind.SERVER;
			case CLIENT -> SpanKind.CLIENT;
			case PRODUCER -> SpanKind.PRODUCER;
			case CONSUMER -> SpanKind.CONSUMER;
		};
	}

	private static void failed(String phase, Observation.@Nullable Context context, Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Could not trace " + phase + " of observation '"
					+ ((context != null) ? context.getName() : null) + "'", ex);
		}
	}

	/**
	 * This thread's span builder, reused span after span: the unsampled path then
	 * allocates only what the span must carry. Empty while in use, so that a convention
	 * that starts an observation while its own span is being built gets a new builder; so
	 * does everything after a failure, until a start succeeds again.
	 */
	private static final class BuilderSlot {

		private @Nullable SpanBuilder builder;

		BuilderSlot(SpanBuilder builder) {
			this.builder = builder;
		}

		SpanBuilder take(Tracer tracer, String name) {
			SpanBuilder builder = this.builder;
			if (builder == null) {
				return tracer.spanBuilder(name);
			}
			this.builder = null;
			return builder.reset(name);
		}

		void giveBack(SpanBuilder builder) {
			// Forgets what the span was built from: nothing stays reachable
			// through the thread.
			this.builder = builder.reset("");
		}

	}

	/**
	 * Reads headers through the observation's own getter, every line of a repeated one.
	 */
	private record ReceiverGetter(Propagator.Getter<Object> getter) implements TextMapGetter<Object> {

		@Override
		public Iterable<String> keys(Object carrier) {
			return Collections.emptyList();
		}

		@Override
		public @Nullable String get(@Nullable Object carrier, String key) {
			return (carrier != null) ? this.getter.get(carrier, key) : null;
		}

		// Spring's servlet and reactive server contexts answer with every line of a
		// repeated header (getHeaders, HttpHeaders.getOrEmpty): the propagators join
		// tracestate and baggage lines, and refuse a repeated traceparent. Spring's
		// getAll copies the lines into a new list even for an absent header (the usual
		// case for tracestate and baggage), so the allocation-free get asks first.
		@Override
		public Iterator<String> getAll(@Nullable Object carrier, String key) {
			if (carrier == null || this.getter.get(carrier, key) == null) {
				return Collections.emptyIterator();
			}
			return this.getter.getAll(carrier, key).iterator();
		}

	}

	/**
	 * Writes headers through the observation's own setter.
	 */
	private record SenderSetter(Propagator.Setter<Object> setter) implements TextMapSetter<Object> {

		@Override
		public void set(@Nullable Object carrier, String key, String value) {
			this.setter.set(carrier, key, value);
		}

	}

}
