package dev.telemetry.sdk.trace.span;

import java.util.Objects;

/**
 * A span's status: a code and, for errors, a description.
 *
 * @param code the status code
 * @param description a description, empty unless the code is {@code ERROR}
 * @since 0.1.0
 */
public record StatusData(StatusCode code, String description) {

	private static final StatusData UNSET = new StatusData(StatusCode.UNSET, "");

	private static final StatusData OK = new StatusData(StatusCode.OK, "");

	private static final StatusData ERROR = new StatusData(StatusCode.ERROR, "");

	public StatusData {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(description, "description");
	}

	/**
	 * Returns a status, sharing instances for the common cases.
	 * @param code the code
	 * @param description the description; ignored unless the code is {@code ERROR}
	 * @return the status
	 */
	public static StatusData of(StatusCode code, String description) {
		if (code != StatusCode.ERROR || description == null || description.isEmpty()) {
			return switch (code) {
				case UNSET -> UNSET;
				case OK -> OK;
				case ERROR -> ERROR;
			};
		}
		return new StatusData(code, description);
	}

	/**
	 * Returns the unset status.
	 * @return the shared unset status
	 */
	public static StatusData unset() {
		return UNSET;
	}

}
