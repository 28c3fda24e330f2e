package dev.telemetry.sdk.export.otlp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * One blocking HTTP/1.1 connection to the collector, plaintext or TLS, direct or through
 * a proxy: writes a request's head and body with one call each, straight from the
 * encoder's buffer, and reads the answer with {@link Http1ResponseReader}. Used by one
 * exchange at a time; {@link #close()} may come from any thread and aborts whatever the
 * connection is doing.
 */
final class Http1Connection implements AutoCloseable {

	private final Socket socket;

	// The TCP socket under a TLS one, else the same socket. Closing it is what aborts a
	// blocked exchange: closing a TLS socket first waits for the lock that a write
	// blocked on a stalled peer holds, so it would never return.
	private final Socket tcp;

	private final BufferedInputStream in;

	private final OutputStream out;

	private final boolean viaHttpProxy;

	private Http1Connection(Socket socket, Socket tcp, boolean viaHttpProxy) throws IOException {
		this.socket = socket;
		this.tcp = tcp;
		this.in = new BufferedInputStream(socket.getInputStream(), 8192);
		this.out = socket.getOutputStream();
		this.viaHttpProxy = viaHttpProxy;
	}

	/**
	 * Connects, through a proxy if one is given, and for TLS completes the handshake with
	 * the host name verified. Through an HTTP proxy, TLS goes through a {@code CONNECT}
	 * tunnel and plaintext requests to the proxy itself.
	 * @param host the host
	 * @param port the port
	 * @param proxy how to reach the host
	 * @param tls the socket factory for TLS, or {@code null} for plaintext
	 * @param tlsParameters protocols and cipher suites to restrict TLS to, or
	 * {@code null}
	 * @param timeoutNanos the most the connection and the handshake may take
	 * @return the connection
	 * @throws HttpConnectTimeoutException when the connection took too long
	 * @throws IOException when connecting failed
	 */
	static Http1Connection open(String host, int port, Proxy proxy, @Nullable SSLSocketFactory tls,
			@Nullable SSLParameters tlsParameters, long timeoutNanos) throws IOException {
		long deadline = System.nanoTime() + timeoutNanos;
		boolean httpProxy = proxy.type() == Proxy.Type.HTTP;
		Socket socket = (proxy.type() == Proxy.Type.SOCKS) ? new Socket(proxy) : new Socket();
		try {
			// Requests go out as a head and a body; without this the body's last segment
			// may wait for the head's acknowledgement (Nagle's algorithm and delayed
			// ACKs), up to 40 ms on Linux.
			socket.setTcpNoDelay(true);
			InetSocketAddress address = (proxy.type() == Proxy.Type.SOCKS)
					? InetSocketAddress.createUnresolved(host, port)
					: httpProxy ? (InetSocketAddress) proxy.address() : new InetSocketAddress(host, port);
			try {
				socket.connect(address, millisLeft(deadline));
			}
			catch (SocketTimeoutException ex) {
				HttpConnectTimeoutException timeout = new HttpConnectTimeoutException(
						"could not connect within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
				timeout.initCause(ex);
				throw timeout;
			}
			if (tls == null) {
				return new Http1Connection(socket, socket, httpProxy);
			}
			if (httpProxy) {
				tunnel(socket, host, port, deadline);
			}
			SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
			SSLParameters parameters = secure.getSSLParameters();
			// The socket factory checks certificates, not whose they are.
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (tlsParameters != null) {
				if (tlsParameters.getProtocols() != null) {
					parameters.setProtocols(tlsParameters.getProtocols());
				}
				if (tlsParameters.getCipherSuites() != null) {
					parameters.setCipherSuites(tlsParameters.getCipherSuites());
				}
			}
			secure.setSSLParameters(parameters);
			secure.setSoTimeout(millisLeft(deadline));
			secure.startHandshake();
			return new Http1Connection(secure, socket, false);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	/**
	 * Asks an HTTP proxy for a tunnel to the host (RFC 9110 section 9.3.6). The proxy's
	 * answer is read byte by byte, so that nothing of the TLS handshake that follows is
	 * consumed with it.
	 */
	private static void tunnel(Socket socket, String host, int port, long deadline) throws IOException {
		String authority = ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + port;
		OutputStream out = socket.getOutputStream();
		out.write(("CONNECT " + authority + " HTTP/1.1\r\nhost: " + authority + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		socket.setSoTimeout(millisLeft(deadline));
		Http1ResponseReader.Answer answer = new Http1ResponseReader(socket.getInputStream(), 0).readHead();
		if (answer.status() / 100 != 2) {
			throw new IOException("the HTTP proxy refused a tunnel to " + authority + ": HTTP " + answer.status());
		}
	}

	/**
	 * Returns whether requests go to an HTTP proxy, which needs their target in absolute
	 * form.
	 * @return whether this is a plaintext connection to an HTTP proxy
	 */
	boolean viaHttpProxy() {
		return this.viaHttpProxy;
	}

	/**
	 * Sends a request and reads its answer.
	 * @param head the request line and header fields, with the empty line that ends them
	 * @param body the body
	 * @param maxBodyBytes the most bytes of the answer's body to keep
	 * @param deadlineNanos when the answer must have been read, by
	 * {@link System#nanoTime()}
	 * @return the answer
	 * @throws SocketTimeoutException when the answer did not come in time
	 * @throws IOException when the connection failed
	 */
	Http1ResponseReader.Answer exchange(byte[] head, EncodedRequest body, int maxBodyBytes, long deadlineNanos)
			throws IOException {
		this.out.write(head);
		this.out.write(body.bytes(), 0, body.length());
		this.out.flush();
		// A backstop: the transport's timer closes the connection at the deadline.
		this.socket.setSoTimeout(millisLeft(deadlineNanos));
		return new Http1ResponseReader(this.in, maxBodyBytes).read();
	}

	@Override
	public void close() {
		closeQuietly(this.tcp);
		if (this.socket != this.tcp) {
			closeQuietly(this.socket);
		}
	}

	private static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
		long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
		if (left <= 0) {
			throw new SocketTimeoutException("no time left");
		}
		return (int) Math.min(Integer.MAX_VALUE, left);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing left to do with it.
		}
	}

}
