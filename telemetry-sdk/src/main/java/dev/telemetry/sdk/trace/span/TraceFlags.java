package dev.telemetry.sdk.trace.span;

/**
 * The W3C Trace Context {@code trace-flags} bits.
 *
 * @since 0.1.0
 */
public final class TraceFlags {

	/** No flag set: not sampled. */
	public static final byte NONE = 0x00;

	/** The caller may have recorded this trace ({@code sampled}). */
	public static final byte SAMPLED = 0x01;

	/** The rightmost 56 bits of the trace id are random (W3C Trace Context level 2). */
	public static final byte RANDOM = 0x02;

	private TraceFlags() {
	}

	/**
	 * Returns whether the sampled bit is set.
	 * @param flags the flags
	 * @return whether sampled
	 */
	public static boolean isSampled(byte flags) {
		return (flags & SAMPLED) != 0;
	}

	/**
	 * Returns whether the random bit is set.
	 * @param flags the flags
	 * @return whether random
	 */
	public static boolean isRandom(byte flags) {
		return (flags & RANDOM) != 0;
	}

}
