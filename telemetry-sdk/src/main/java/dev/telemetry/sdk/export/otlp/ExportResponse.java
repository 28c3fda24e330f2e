package dev.telemetry.sdk.export.otlp;

import java.io.IOException;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * Reads the partial success of any signal's {@code Export*ServiceResponse}, which all
 * share one layout (see {@link OtlpSignal}), straight from the bytes, so that neither
 * transport needs the generated response classes. Stateless.
 */
final class ExportResponse {

	// (field << 3) | wire type.
	private static final int PARTIAL_SUCCESS_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

	private static final int REJECTED_TAG = (1 << 3) | WireFormat.WIRETYPE_VARINT;

	private static final int MESSAGE_TAG = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

	private ExportResponse() {
	}

	/**
	 * Turns an accepted request's answer into an outcome.
	 * @param body the serialized response; empty or {@code null} for none
	 * @return an accepted outcome, with the rejected count and message of a partial
	 * success if there is one; an answer that cannot be read counts as a plain success,
	 * since the collector took the request all the same
	 */
	static AttemptOutcome accepted(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return AttemptOutcome.accepted(0, "");
		}
		long rejected = 0;
		String message = "";
		try {
			CodedInputStream input = CodedInputStream.newInstance(body);
			int tag;
			while ((tag = input.readTag()) != 0) {
				if (tag != PARTIAL_SUCCESS_TAG) {
					input.skipField(tag);
					continue;
				}
				int limit = input.pushLimit(input.readRawVarint32());
				while ((tag = input.readTag()) != 0) {
					if (tag == REJECTED_TAG) {
						rejected = input.readInt64();
					}
					else if (tag == MESSAGE_TAG) {
						message = input.readStringRequireUtf8();
					}
					else {
						input.skipField(tag);
					}
				}
				input.popLimit(limit);
			}
		}
		catch (IOException ex) {
			// An answer we cannot read (a proxy's, say) does not undo the acceptance.
			return AttemptOutcome.accepted(0, "");
		}
		return AttemptOutcome.accepted(rejected, message);
	}

}
