package dev.telemetry.sample.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports of 127.0.0.1 that nothing listens on, for programs that cannot be told to pick
 * one.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Finds free ports.
	 * @param count how many
	 * @return that many different ports
	 */
	public static int[] take(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		int[] ports = new int[count];
		try {
			// All held open together, so the same port is not handed out twice.
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				if (socket != null) {
					try {
						socket.close();
					}
					catch (IOException ex) {
						// the port is free either way
					}
				}
			}
		}
	}

}
