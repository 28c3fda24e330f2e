package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Http1ResponseReader}: every way an HTTP/1.1 answer delimits its body,
 * and the limits.
 */
class Http1ResponseReaderTests {

	@Test
	void readsABodyOfAKnownLengthAndKeepsTheConnection() throws IOException {
		Http1ResponseReader.Answer answer = read(
				"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 3\r\n\r\nabcNEXT", 100);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).asString(StandardCharsets.US_ASCII).isEqualTo("abc");
		assertThat(answer.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(answer.keepAlive()).isTrue();
	}

	@Test
	void readsAChunkedBodyWithExtensionsAndTrailers() throws IOException {
		Http1ResponseReader.Answer answer = read("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "4;name=value\r\nbad \r\nB\r\nrequest!!!!\r\n0\r\nX-Trailer: 1\r\n\r\n", 100);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).asString(StandardCharsets.US_ASCII).isEqualTo("bad request!!!!");
		assertThat(answer.keepAlive()).isTrue();
	}

	@Test
	void readsABodyUpToTheEndOfTheConnectionAndGivesTheConnectionUp() throws IOException {
		Http1ResponseReader.Answer answer = read("HTTP/1.1 503 Service Unavailable\r\n\r\nlater", 100);

		assertThat(answer.body()).asString(StandardCharsets.US_ASCII).isEqualTo("later");
		assertThat(answer.keepAlive()).isFalse();
	}

	@Test
	void skipsInterimAnswers() throws IOException {
		Http1ResponseReader.Answer answer = read(
				"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
						+ "HTTP/1.1 204 No Content\r\n\r\n",
				100);

		assertThat(answer.status()).isEqualTo(204);
		assertThat(answer.body()).isEmpty();
		assertThat(answer.keepAlive()).isTrue();
	}

	@Test
	void givesTheConnectionUpWhenTheServerClosesIt() throws IOException {
		assertThat(read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100).keepAlive())
			.isFalse();
		assertThat(read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100).keepAlive()).isFalse();
		assertThat(read("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 100).keepAlive())
			.isTrue();
	}

	@Test
	void keepsTheFirstBytesOfALongBodyAndGivesTheConnectionUp() throws IOException {
		Http1ResponseReader.Answer answer = read(
				"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000), 300);

		assertThat(answer.body()).hasSize(300);
		assertThat(answer.keepAlive()).isFalse();
	}

	@Test
	void acceptsRepeatedEqualLengthsAndRefusesConflictingOnes() throws IOException {
		assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", 100).body()).hasSize(2);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok", 100));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 100));
		// The same rule across repeated fields.
		assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok", 100).body()).hasSize(2);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", 100));
	}

	@Test
	void keepsTheFirstValueOfOtherRepeatedFields() throws IOException {
		Http1ResponseReader.Answer answer = read(
				"HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nretry-after: 9\r\nContent-Length: 0\r\n\r\n", 100);

		assertThat(answer.header("retry-after")).isEqualTo("7");
		assertThat(answer.header("Content-Type")).isNull();
	}

	@Test
	void refusesWhatIsNotAnHttpAnswer() {
		// What a gRPC (HTTP/2) server sends first, shown as text.
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("\u0000\u0000\u0012\u0004\u0000\u0000\u0000\u0000\u0000", 100))
			.withMessageStartingWith("not an HTTP/1.1 status line");
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> read("HTTP/1.1 2x0 OK\r\n\r\n", 100));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100));
	}

	@Test
	void reportsAConnectionThatEndsEarly() {
		assertThatExceptionOfType(Http1ResponseReader.NoAnswerException.class).isThrownBy(() -> read("", 100))
			.withMessage("the connection closed before an answer");
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100));
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Le", 100));
	}

	@Test
	void limitsTheHead() {
		String longField = "X-Long: " + "y".repeat(Http1ResponseReader.MAX_HEADER_BYTES) + "\r\n";
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> read("HTTP/1.1 200 OK\r\n" + longField + "\r\n", 100))
			.withMessageContaining("longer than");
	}

	private static Http1ResponseReader.Answer read(String answer, int maxBodyBytes) throws IOException {
		return new Http1ResponseReader(new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1)),
				maxBodyBytes)
			.read();
	}

}
