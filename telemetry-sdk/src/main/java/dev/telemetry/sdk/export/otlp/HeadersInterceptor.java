package dev.telemetry.sdk.export.otlp;

import java.util.Arrays;
import java.util.Map;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds fixed headers (typically authentication) to every call. Immutable and thread-safe.
 */
final class HeadersInterceptor implements ClientInterceptor {

	private final Metadata.Key<String>[] keys;

	private final String[] values;

	/**
	 * Creates the interceptor.
	 * @param headers validated, lower-case header names and ASCII values
	 */
	@SuppressWarnings("unchecked")
	HeadersInterceptor(Map<String, String> headers) {
		this.keys = new Metadata.Key[headers.size()];
		this.values = new String[headers.size()];
		int i = 0;
		for (Map.Entry<String, String> header : headers.entrySet()) {
			this.keys[i] = Metadata.Key.of(header.getKey(), Metadata.ASCII_STRING_MARSHALLER);
			this.values[i] = header.getValue();
			i++;
		}
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata headers) {
				for (int i = 0; i < HeadersInterceptor.this.keys.length; i++) {
					headers.put(HeadersInterceptor.this.keys[i], HeadersInterceptor.this.values[i]);
				}
				super.start(responseListener, headers);
			}

		};
	}

	@Override
	public String toString() {
		// Header values are secrets; never print them.
		return "HeadersInterceptor" + Arrays.stream(this.keys).map(Metadata.Key::name).toList();
	}

}
