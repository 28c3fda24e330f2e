package dev.telemetry.sdk.export.otlp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.telemetry.sdk.internal.HttpGrammar;
import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.1 answer (RFC 9112) from a connection: skips interim {@code 1xx}
 * answers, then reads the status line, the header fields and the body, delimited by
 * {@code Transfer-Encoding: chunked}, {@code Content-Length} or the end of the
 * connection. Keeps at most a given number of body bytes and reads past the rest, so a
 * misbehaving server cannot make the exporter hold an arbitrary amount of memory; the
 * header section is limited too. Not thread-safe: one reader per answer.
 */
final class Http1ResponseReader {

	/** The most bytes of a status line or header section that are accepted. */
	static final int MAX_HEADER_BYTES = 64 * 1024;

	private static final String STATUS_LINE_START = "HTTP/1.";

	private static final byte[] NO_BODY = new byte[0];

	private static final Map<String, String> NO_HEADERS = Map.of();

	private final InputStream in;

	private final int maxBodyBytes;

	private final StringBuilder line = new StringBuilder(64);

	private int headerBytes;

	Http1ResponseReader(InputStream in, int maxBodyBytes) {
		this.in = in;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * Reads the answer.
	 * @return the answer
	 * @throws NoAnswerException when the connection ends before the answer starts
	 * @throws IOException when the answer is malformed or the connection fails
	 */
	Answer read() throws IOException {
		Answer head = readHead();
		int status = head.status();
		Map<String, String> headers = head.headers();
		boolean keepAlive = head.keepAlive();
		Body body = new Body(this.maxBodyBytes);
		String transferEncoding = headers.get("transfer-encoding");
		String contentLength = headers.get("content-length");
		if (status == 204 || status == 304) {
			// No body, whatever the headers say.
		}
		else if (transferEncoding != null) {
			String coding = transferEncoding.toLowerCase(Locale.ROOT);
			if (coding.endsWith("chunked")) {
				readChunked(body);
			}
			else {
				// Only the end of the connection delimits such a body.
				body.read(this.in, -1);
				keepAlive = false;
			}
		}
		else if (contentLength != null) {
			body.read(this.in, parseLength(contentLength));
		}
		else {
			body.read(this.in, -1);
			keepAlive = false;
		}
		return new Answer(status, headers, body.bytes(), keepAlive && !body.truncated());
	}

	/**
	 * Reads the status line and the header fields of the final answer, and none of its
	 * body.
	 * @return the answer without its body
	 * @throws NoAnswerException when the connection ends before the answer starts
	 * @throws IOException when the answer is malformed or the connection fails
	 */
	Answer readHead() throws IOException {
		int status;
		Map<String, String> headers;
		boolean http10;
		do {
			String statusLine = readLine(true);
			http10 = statusLine.startsWith("HTTP/1.0 ");
			status = parseStatus(statusLine);
			headers = readHeaders();
		}
		while (status >= 100 && status < 200);
		String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
		boolean keepAlive = !connection.contains("close") && (!http10 || connection.contains("keep-alive"));
		return new Answer(status, headers, NO_BODY, keepAlive);
	}

	private static int parseStatus(String statusLine) throws ProtocolException {
		// HTTP/1.x SP 3DIGIT [SP reason]
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
				|| (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
			throw new ProtocolException("not an HTTP/1.1 status line: " + printable(statusLine));
		}
		int status = 0;
		for (int i = 9; i < 12; i++) {
			char digit = statusLine.charAt(i);
			if (digit < '0' || digit > '9') {
				throw new ProtocolException("not an HTTP/1.1 status line: " + printable(statusLine));
			}
			status = status * 10 + (digit - '0');
		}
		return status;
	}

	// Names in lower case; the first value of a repeated field, except for the
	// Content-Length check, which sees all of them. No java.net.http.HttpHeaders: its
	// sorted map and streams were most of the code that ran once per export.
	private Map<String, String> readHeaders() throws IOException {
		Map<String, String> fields = null;
		String field;
		while (!(field = readLine(false)).isEmpty()) {
			int colon = field.indexOf(':');
			if (colon <= 0) {
				// RFC 9112 section 5: a line without a name is malformed; ignore it
				// rather than fail an answer that may well be a success.
				continue;
			}
			if (fields == null) {
				fields = new HashMap<>(8);
			}
			String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = field.substring(colon + 1).trim();
			String previous = fields.putIfAbsent(name, value);
			if (previous != null && name.equals("content-length")) {
				// Repeated fields are one comma-separated list (RFC 9110 section 5.3).
				fields.put(name, previous + "," + value);
			}
		}
		return (fields != null) ? fields : NO_HEADERS;
	}

	private static long parseLength(String value) throws ProtocolException {
		String trimmed = value.trim();
		// Repeated identical values ("12, 12") are allowed by RFC 9110 section 8.6.
		int comma = trimmed.indexOf(',');
		if (comma >= 0) {
			String first = trimmed.substring(0, comma).trim();
			for (String other : trimmed.split(",")) {
				if (!other.trim().equals(first)) {
					throw new ProtocolException("conflicting Content-Length values");
				}
			}
			trimmed = first;
		}
		if (trimmed.length() > 18 || !HttpGrammar.isDigits(trimmed)) {
			throw new ProtocolException("invalid Content-Length");
		}
		return Long.parseLong(trimmed);
	}

	private void readChunked(Body body) throws IOException {
		while (true) {
			String sizeLine = readLine(false);
			int extension = sizeLine.indexOf(';');
			long size = parseChunkSize(((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim());
			if (size == 0) {
				// The trailer section, up to its empty line.
				while (!readLine(false).isEmpty()) {
					// Trailers carry nothing the exporter reads.
				}
				return;
			}
			if (!body.read(this.in, size)) {
				return;
			}
			if (!readLine(false).isEmpty()) {
				throw new ProtocolException("a chunk of the answer did not end with CRLF");
			}
		}
	}

	private static long parseChunkSize(String hex) throws ProtocolException {
		if (hex.isEmpty() || hex.length() > 15) {
			throw new ProtocolException("invalid chunk size");
		}
		try {
			return Long.parseLong(hex, 16);
		}
		catch (NumberFormatException ex) {
			throw new ProtocolException("invalid chunk size");
		}
	}

	/**
	 * Reads a line ended by LF (a CR before it is dropped), counting it against
	 * {@link #MAX_HEADER_BYTES}.
	 * @param first whether this is a status line: the end of the connection before any
	 * byte is reported as such, and anything that does not start as one fails at once (an
	 * HTTP/2 server, such as an OTLP/gRPC port, sends binary frames)
	 */
	private String readLine(boolean first) throws IOException {
		this.line.setLength(0);
		int ch;
		while ((ch = this.in.read()) != '\n') {
			if (ch < 0) {
				if (first && this.line.length() == 0 && this.headerBytes == 0) {
					throw new NoAnswerException();
				}
				throw new EOFException("the connection closed inside the answer's head");
			}
			if (++this.headerBytes > MAX_HEADER_BYTES) {
				throw new ProtocolException("the answer's head is longer than " + MAX_HEADER_BYTES + " bytes");
			}
			// Field values are ISO-8859-1 by RFC 9110; the exporter reads only ASCII.
			this.line.append((char) ch);
			if (first && this.line.length() <= STATUS_LINE_START.length()
					&& STATUS_LINE_START.charAt(this.line.length() - 1) != ch) {
				throw new ProtocolException("not an HTTP/1.1 status line: " + printable(this.line.toString()));
			}
		}
		int length = this.line.length();
		if (length > 0 && this.line.charAt(length - 1) == '\r') {
			this.line.setLength(length - 1);
		}
		return this.line.toString();
	}

	private static String printable(String text) {
		StringBuilder printable = new StringBuilder(Math.min(text.length(), 43));
		for (int i = 0; i < text.length() && i < 40; i++) {
			char ch = text.charAt(i);
			printable.append((ch < 0x20 || ch > 0x7E) ? ' ' : ch);
		}
		return (text.length() > 40) ? printable.append("...").toString() : printable.toString();
	}

	/**
	 * The connection ended before the first byte of an answer: on a kept connection, the
	 * server closed it while idle, before it read the request.
	 */
	static final class NoAnswerException extends EOFException {

		private static final long serialVersionUID = 1L;

		NoAnswerException() {
			super("the connection closed before an answer");
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param headers the header fields' values, by name in lower case (the first value of
	 * a repeated field)
	 * @param body the body's first bytes, at most the reader's limit
	 * @param keepAlive whether the connection may carry another request
	 */
	record Answer(int status, Map<String, String> headers, byte[] body, boolean keepAlive) {

		/**
		 * Returns a header field's value.
		 * @param name the field's name, in any case
		 * @return the value, or {@code null} when the answer has no such field
		 */
		@Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Keeps a body's first bytes. A body longer than the limit is not read to its end:
	 * the connection is given up instead, which costs less than draining it.
	 */
	private static final class Body {

		private final int max;

		private byte[] bytes;

		private int length;

		private boolean truncated;

		Body(int max) {
			this.max = max;
			this.bytes = new byte[Math.min(256, max)];
		}

		/**
		 * Reads a part of the body.
		 * @param in the connection
		 * @param size the part's length, or -1 for up to the end of the connection
		 * @return whether the whole part was read; {@code false} once the limit is hit
		 */
		boolean read(InputStream in, long size) throws IOException {
			long left = size;
			while (left != 0) {
				if (this.length == this.bytes.length) {
					if (this.length >= this.max) {
						this.truncated = true;
						return false;
					}
					this.bytes = Arrays.copyOf(this.bytes, Math.min(this.max, Math.max(256, this.length * 2)));
				}
				int room = this.bytes.length - this.length;
				int read = in.read(this.bytes, this.length, (left < 0) ? room : (int) Math.min(room, left));
				if (read < 0) {
					if (size < 0) {
						return true;
					}
					throw new EOFException("the connection closed " + left + " bytes before the end of the answer");
				}
				this.length += read;
				if (left > 0) {
					left -= read;
				}
			}
			return true;
		}

		boolean truncated() {
			return this.truncated;
		}

		byte[] bytes() {
			return Arrays.copyOf(this.bytes, this.length);
		}

	}

}
