package dev.telemetry.sdk.trace;

/**
 * Where a new span's parent came from, as the semantic conventions' attribute
 * {@code otel.span.parent.origin} names it.
 *
 * @since 0.1.0
 */
public enum ParentOrigin {

	/** A root span: no valid parent. */
	NONE("none"),

	/** The parent was started in this process. */
	LOCAL("local"),

	/** The parent was extracted from a request (another process). */
	REMOTE("remote");

	private final String value;

	ParentOrigin(String value) {
		this.value = value;
	}

	/**
	 * Returns the value of {@code otel.span.parent.origin}.
	 * @return {@code none}, {@code local} or {@code remote}
	 */
	public String value() {
		return this.value;
	}

}
