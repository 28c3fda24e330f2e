package dev.telemetry.sdk.trace.span;

import java.util.Objects;

import dev.telemetry.sdk.internal.Base16;
import org.jspecify.annotations.Nullable;

/**
 * The part of a span that propagates: trace id, span id, trace flags and trace state.
 * Immutable; ids are primitive longs and their hex forms are computed once, on first use.
 * <p>
 * A context is valid when neither the trace id nor the span id is all zeros (W3C Trace
 * Context); invalid input produces {@link #getInvalid()} rather than an exception.
 *
 * @since 0.1.0
 */
public final class SpanContext {

	private static final SpanContext INVALID = new SpanContext(0, 0, 0, TraceFlags.NONE, TraceState.empty(), false);

	private final long traceIdHigh;

	private final long traceIdLow;

	private final long spanId;

	private final byte traceFlags;

	private final TraceState traceState;

	private final boolean remote;

	private @Nullable String traceIdHex;

	private @Nullable String spanIdHex;

	private SpanContext(long traceIdHigh, long traceIdLow, long spanId, byte traceFlags, TraceState traceState,
			boolean remote) {
		this.traceIdHigh = traceIdHigh;
		this.traceIdLow = traceIdLow;
		this.spanId = spanId;
		this.traceFlags = traceFlags;
		this.traceState = traceState;
		this.remote = remote;
	}

	/**
	 * Creates a local span context, or returns the invalid context when an id is zero.
	 * @param traceIdHigh the high 64 bits of the trace id
	 * @param traceIdLow the low 64 bits of the trace id
	 * @param spanId the span id
	 * @param traceFlags the W3C trace flags
	 * @param traceState the trace state
	 * @return the span context
	 */
	public static SpanContext create(long traceIdHigh, long traceIdLow, long spanId, byte traceFlags,
			TraceState traceState) {
		return create(traceIdHigh, traceIdLow, spanId, traceFlags, traceState, false);
	}

	/**
	 * Creates a span context received from another process, or returns the invalid
	 * context when an id is zero.
	 * @param traceIdHigh the high 64 bits of the trace id
	 * @param traceIdLow the low 64 bits of the trace id
	 * @param spanId the span id
	 * @param traceFlags the W3C trace flags
	 * @param traceState the trace state
	 * @return the span context
	 */
	public static SpanContext createFromRemoteParent(long traceIdHigh, long traceIdLow, long spanId, byte traceFlags,
			TraceState traceState) {
		return create(traceIdHigh, traceIdLow, spanId, traceFlags, traceState, true);
	}

	private static SpanContext create(long traceIdHigh, long traceIdLow, long spanId, byte traceFlags,
			TraceState traceState, boolean remote) {
		if ((traceIdHigh == 0 && traceIdLow == 0) || spanId == 0) {
			return INVALID;
		}
		return new SpanContext(traceIdHigh, traceIdLow, spanId, traceFlags,
				Objects.requireNonNull(traceState, "traceState"), remote);
	}

	/**
	 * Returns the invalid span context (all-zero ids).
	 * @return the shared invalid context
	 */
	public static SpanContext getInvalid() {
		return INVALID;
	}

	/**
	 * Returns whether both ids are non-zero.
	 * @return whether valid
	 */
	public boolean isValid() {
		return this != INVALID;
	}

	/**
	 * Returns whether the sampled flag is set.
	 * @return whether sampled
	 */
	public boolean isSampled() {
		return TraceFlags.isSampled(this.traceFlags);
	}

	/**
	 * Returns whether this context was received from another process.
	 * @return whether remote
	 */
	public boolean isRemote() {
		return this.remote;
	}

	/**
	 * Returns the high 64 bits of the trace id.
	 * @return the high bits
	 */
	public long getTraceIdHigh() {
		return this.traceIdHigh;
	}

	/**
	 * Returns the low 64 bits of the trace id, the random part that ratio sampling uses.
	 * @return the low bits
	 */
	public long getTraceIdLow() {
		return this.traceIdLow;
	}

	/**
	 * Returns the span id.
	 * @return the span id
	 */
	public long getSpanIdLong() {
		return this.spanId;
	}

	/**
	 * Returns the W3C trace flags.
	 * @return the flags byte
	 */
	public byte getTraceFlags() {
		return this.traceFlags;
	}

	/**
	 * Returns the trace state.
	 * @return the trace state
	 */
	public TraceState getTraceState() {
		return this.traceState;
	}

	/**
	 * Returns the trace id as 32 lower-case hex characters.
	 * @return the trace id
	 */
	public String getTraceId() {
		String hex = this.traceIdHex;
		if (hex == null) {
			char[] chars = new char[32];
			Base16.encode(this.traceIdHigh, chars, 0);
			Base16.encode(this.traceIdLow, chars, 16);
			hex = new String(chars);
			this.traceIdHex = hex;
		}
		return hex;
	}

	/**
	 * Returns the span id as 16 lower-case hex characters.
	 * @return the span id
	 */
	public String getSpanId() {
		String hex = this.spanIdHex;
		if (hex == null) {
			hex = Base16.toString(this.spanId);
			this.spanIdHex = hex;
		}
		return hex;
	}

	/**
	 * Returns a copy of this context with other trace flags and trace state, as a sampler
	 * decides them.
	 * @param traceFlags the flags
	 * @param traceState the state
	 * @return the new context, or this one when nothing changes
	 */
	public SpanContext withFlagsAndState(byte traceFlags, TraceState traceState) {
		if (traceFlags == this.traceFlags && traceState == this.traceState) {
			return this;
		}
		return (this == INVALID) ? this
				: new SpanContext(this.traceIdHigh, this.traceIdLow, this.spanId, traceFlags, traceState, this.remote);
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof SpanContext other) && this.traceIdHigh == other.traceIdHigh
				&& this.traceIdLow == other.traceIdLow && this.spanId == other.spanId
				&& this.traceFlags == other.traceFlags && this.remote == other.remote
				&& this.traceState.equals(other.traceState);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.traceIdLow) * 31 + Long.hashCode(this.spanId);
	}

	@Override
	public String toString() {
		return "SpanContext{traceId=" + getTraceId() + ", spanId=" + getSpanId() + ", flags=" + this.traceFlags
				+ ", remote=" + this.remote + "}";
	}

}
