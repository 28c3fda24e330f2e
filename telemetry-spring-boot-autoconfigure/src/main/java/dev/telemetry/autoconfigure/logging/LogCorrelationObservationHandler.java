package dev.telemetry.autoconfigure.logging;

import java.util.Arrays;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the current span's {@code trace_id}, {@code span_id} and {@code trace_flags} in
 * the SLF4J MDC while an observation's scope is open, so log lines written inside a
 * request (or a task handed off from it) carry its trace.
 * <p>
 * It reads the span the tracing handler made current, so it must run after it when a
 * scope opens; Micrometer calls {@code onScopeOpened} in registration order and
 * {@code onScopeClosed} in reverse, and this handler is registered last. Closing a scope
 * restores exactly the values its opening replaced (a per-thread stack, like the tracing
 * handler's), so nested scopes unwind correctly and a pooled thread goes back to the
 * values it had, usually none; a reset clears what this handler set.
 * <p>
 * Thread-safe: state is per thread. Never throws into the application.
 */
final class LogCorrelationObservationHandler implements ObservationHandler<Observation.Context> {

	static final String TRACE_ID = "trace_id";

	static final String SPAN_ID = "span_id";

	static final String TRACE_FLAGS = "trace_flags";

	private static final String[] FLAGS = new String[256];

	static {
		String digits = "0123456789abcdef";
		for (int i = 0; i < 256; i++) {
			FLAGS[i] = new String(new char[] { digits.charAt(i >> 4), digits.charAt(i & 0xF) });
		}
	}

	private static final ThreadLocal<SavedValues> SAVED = ThreadLocal.withInitial(SavedValues::new);

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		try {
			SavedValues saved = SAVED.get();
			saved.push(context, MDC.get(TRACE_ID), MDC.get(SPAN_ID), MDC.get(TRACE_FLAGS));
			SpanContext span = Span.fromContext(Context.current()).getSpanContext();
			if (span.isValid()) {
				MDC.put(TRACE_ID, span.getTraceId());
				MDC.put(SPAN_ID, span.getSpanId());
				MDC.put(TRACE_FLAGS, FLAGS[span.getTraceFlags() & 0xFF]);
			}
			else {
				remove();
			}
		}
		catch (RuntimeException ex) {
			// Logging without correlation is better than failing the request.
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		try {
			SAVED.get().restore(context);
		}
		catch (RuntimeException ex) {
			// As above.
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		try {
			SAVED.get().restoreAll();
		}
		catch (RuntimeException ex) {
			// As above.
		}
	}

	private static void remove() {
		MDC.remove(TRACE_ID);
		MDC.remove(SPAN_ID);
		MDC.remove(TRACE_FLAGS);
	}

	private static void put(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

	/**
	 * The MDC values each open scope replaced on one thread, innermost last. Reused for
	 * the life of the thread: no allocation once the arrays have grown to the nesting
	 * depth.
	 */
	private static final class SavedValues {

		private Observation.@Nullable Context[] contexts = new Observation.Context[4];

		// traceId, spanId, flags per entry
		private @Nullable String[] values = new String[12];

		private int size;

		void push(Observation.Context context, @Nullable String traceId, @Nullable String spanId,
				@Nullable String flags) {
			if (this.size == this.contexts.length) {
				this.contexts = Arrays.copyOf(this.contexts, this.size * 2);
				this.values = Arrays.copyOf(this.values, this.size * 6);
			}
			this.contexts[this.size] = context;
			this.values[this.size * 3] = traceId;
			this.values[this.size * 3 + 1] = spanId;
			this.values[this.size * 3 + 2] = flags;
			this.size++;
		}

		/**
		 * Restores what the innermost scope of the context replaced, dropping the scopes
		 * opened after it (leaked ones included).
		 */
		void restore(Observation.Context context) {
			for (int i = this.size - 1; i >= 0; i--) {
				if (this.contexts[i] == context) {
					restoreTo(i);
					return;
				}
			}
		}

		void restoreAll() {
			if (this.size > 0) {
				restoreTo(0);
			}
		}

		private void restoreTo(int index) {
			put(TRACE_ID, this.values[index * 3]);
			put(SPAN_ID, this.values[index * 3 + 1]);
			put(TRACE_FLAGS, this.values[index * 3 + 2]);
			for (int i = index; i < this.size; i++) {
				this.contexts[i] = null;
				this.values[i * 3] = null;
				this.values[i * 3 + 1] = null;
				this.values[i * 3 + 2] = null;
			}
			this.size = index;
		}

	}

}
