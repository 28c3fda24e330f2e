package dev.telemetry.sdk.propagation;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.internal.Base16;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.jspecify.annotations.Nullable;

/**
 * Propagates the current span with the W3C Trace Context headers {@code traceparent} and
 * {@code tracestate}.
 * <p>
 * Extraction follows the specification strictly: only lower-case hex, no all-zero ids,
 * version {@code ff} rejected, and a future version accepted only in the {@code 00}
 * layout optionally followed by {@code -} and further fields, of whose flags only the
 * sampled bit is kept. A malformed or repeated {@code traceparent} leaves the context
 * unchanged so a new trace starts; a malformed {@code tracestate} is dropped while the
 * parent is kept. Repeated {@code tracestate} fields are one list (RFC 9110 section 5.3),
 * read through {@link TextMapGetter#getAll}. Injection always writes version {@code 00}.
 * <p>
 * Thread-safe and stateless; use {@link #getInstance()}.
 *
 * @since 0.1.0
 */
public final class W3CTraceContextPropagator implements TextMapPropagator {

	private static final Logger logger = Logger.getLogger(W3CTraceContextPropagator.class.getName());

	private static final W3CTraceContextPropagator INSTANCE = new W3CTraceContextPropagator();

	static final String TRACE_PARENT = "traceparent";

	static final String TRACE_STATE = "tracestate";

	private static final List<String> FIELDS = List.of(TRACE_PARENT, TRACE_STATE);

	// version "-" trace-id "-" parent-id "-" trace-flags
	private static final int VERSION_OFFSET = 0;

	private static final int TRACE_ID_OFFSET = 3;

	private static final int SPAN_ID_OFFSET = 36;

	private static final int FLAGS_OFFSET = 53;

	private static final int TRACE_PARENT_LENGTH = 55;

	private static final byte DELIMITER = '-';

	private W3CTraceContextPropagator() {
	}

	/**
	 * Returns the shared instance.
	 * @return the propagator
	 */
	public static W3CTraceContextPropagator getInstance() {
		return INSTANCE;
	}

	@Override
	public Collection<String> fields() {
		return FIELDS;
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		SpanContext spanContext = Span.fromContext(context).getSpanContext();
		if (!spanContext.isValid()) {
			return;
		}
		// ASCII bytes rather than chars: the string stores Latin-1 bytes anyway, so this
		// is half the garbage.
		byte[] chars = new byte[TRACE_PARENT_LENGTH];
		chars[VERSION_OFFSET] = '0';
		chars[VERSION_OFFSET + 1] = '0';
		chars[TRACE_ID_OFFSET - 1] = DELIMITER;
		Base16.encode(spanContext.getTraceIdHigh(), chars, TRACE_ID_OFFSET);
		Base16.encode(spanContext.getTraceIdLow(), chars, TRACE_ID_OFFSET + 16);
		chars[SPAN_ID_OFFSET - 1] = DELIMITER;
		Base16.encode(spanContext.getSpanIdLong(), chars, SPAN_ID_OFFSET);
		chars[FLAGS_OFFSET - 1] = DELIMITER;
		Base16.encode(spanContext.getTraceFlags(), chars, FLAGS_OFFSET);
		setter.set(carrier, TRACE_PARENT, new String(chars, StandardCharsets.ISO_8859_1));
		TraceState traceState = spanContext.getTraceState();
		if (!traceState.isEmpty()) {
			setter.set(carrier, TRACE_STATE, traceState.toHeader());
		}
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		// Two traceparent lines are two parents: neither is trusted, a new trace starts.
		String traceParent = CarrierFields.single(getter, carrier, TRACE_PARENT);
		if (traceParent == null) {
			return context;
		}
		if (!isValidTraceParent(traceParent)) {
			// The header comes from an untrusted caller: never echo it into the log.
			if (logger.isLoggable(Level.FINE)) {
				logger.fine("Ignoring malformed traceparent header of length " + traceParent.length());
			}
			return context;
		}
		long traceIdHigh = Base16.decodeLong(traceParent, TRACE_ID_OFFSET);
		long traceIdLow = Base16.decodeLong(traceParent, TRACE_ID_OFFSET + 16);
		long spanId = Base16.decodeLong(traceParent, SPAN_ID_OFFSET);
		byte flags = Base16.decodeByte(traceParent, FLAGS_OFFSET);
		if (!isVersion00(traceParent)) {
			// A later version may give the other bits another meaning; the
			// specification has a parser of an unknown version take the sampled bit
			// only.
			flags &= TraceFlags.SAMPLED;
		}
		if ((traceIdHigh == 0 && traceIdLow == 0) || spanId == 0) {
			logger.fine("Ignoring traceparent header with an all-zero id");
			return context;
		}
		TraceState traceState = TraceState.parse(CarrierFields.joined(getter, carrier, TRACE_STATE));
		SpanContext spanContext = SpanContext.createFromRemoteParent(traceIdHigh, traceIdLow, spanId, flags,
				traceState);
		return Span.wrap(spanContext).storeInContext(context);
	}

	static boolean isValidTraceParent(String header) {
		int length = header.length();
		if (length < TRACE_PARENT_LENGTH || header.charAt(TRACE_ID_OFFSET - 1) != DELIMITER
				|| header.charAt(SPAN_ID_OFFSET - 1) != DELIMITER || header.charAt(FLAGS_OFFSET - 1) != DELIMITER
				|| !Base16.isLowerHex(header, VERSION_OFFSET, 2)) {
			return false;
		}
		if (isVersion00(header)) {
			if (length != TRACE_PARENT_LENGTH) {
				return false;
			}
		}
		else if (header.charAt(VERSION_OFFSET) == 'f' && header.charAt(VERSION_OFFSET + 1) == 'f') {
			return false;
		}
		else if (length > TRACE_PARENT_LENGTH && header.charAt(TRACE_PARENT_LENGTH) != DELIMITER) {
			// A future version may append fields, but only after a delimiter.
			return false;
		}
		return Base16.isLowerHex(header, TRACE_ID_OFFSET, 32) && Base16.isLowerHex(header, SPAN_ID_OFFSET, 16)
				&& Base16.isLowerHex(header, FLAGS_OFFSET, 2);
	}

	private static boolean isVersion00(String header) {
		return header.charAt(VERSION_OFFSET) == '0' && header.charAt(VERSION_OFFSET + 1) == '0';
	}

	@Override
	public String toString() {
		return "W3CTraceContextPropagator";
	}

}
