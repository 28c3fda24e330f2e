package dev.telemetry.autoconfigure.export;

/**
 * How spans travel to an OTLP receiver; written {@code grpc} or {@code http/protobuf} in
 * configuration, as the OpenTelemetry specification names them.
 *
 * @since 0.1.0
 */
public enum OtlpProtocol {

	/** OTLP/gRPC, usually on port 4317. */
	GRPC("http://localhost:4317"),

	/**
	 * OTLP/HTTP with protobuf bodies posted to {@code <endpoint>/v1/traces}, usually on
	 * port 4318.
	 */
	HTTP_PROTOBUF("http://localhost:4318");

	private final String defaultEndpoint;

	OtlpProtocol(String defaultEndpoint) {
		this.defaultEndpoint = defaultEndpoint;
	}

	/**
	 * Returns the endpoint used when none is configured: a collector on this host, on the
	 * protocol's usual port.
	 * @return the URL
	 */
	public String getDefaultEndpoint() {
		return this.defaultEndpoint;
	}

	/**
	 * Returns the usual port of the protocol.
	 * @return 4317 or 4318
	 */
	public int getUsualPort() {
		return (this == GRPC) ? 4317 : 4318;
	}

	/**
	 * Returns the name used in configuration.
	 * @return {@code grpc} or {@code http/protobuf}
	 */
	@Override
	public String toString() {
		return (this == GRPC) ? "grpc" : "http/protobuf";
	}

}
