package dev.telemetry.sdk.export.otlp;

import java.util.function.UnaryOperator;

/**
 * What the {@linkplain OtlpGrpcSpanExporterBuilder OTLP/gRPC} and
 * {@linkplain OtlpHttpSpanExporterBuilder OTLP/HTTP} span exporter builders share: every
 * setting of {@link OtlpExporterBuilder}, and a {@link #build()} that returns an
 * {@link OtlpSpanExporter}, so that code which configures either transport is written
 * once.
 * <p>
 * Every setter validates its argument at once and throws {@link IllegalArgumentException}
 * naming the bad value (never a header value, which is usually a secret), so
 * misconfiguration surfaces where it is made rather than at the first export. Not
 * thread-safe; configure on one thread, then call {@link #build()}.
 *
 * @param <B> the builder's own type, which every setter returns
 * @param <E> the exporter it builds
 * @since 0.1.0
 */
public abstract sealed class OtlpSpanExporterBuilder<B extends OtlpSpanExporterBuilder<B, E>, E extends OtlpSpanExporter>
		extends OtlpExporterBuilder<B> permits OtlpGrpcSpanExporterBuilder, OtlpHttpSpanExporterBuilder {

	OtlpSpanExporterBuilder(String defaultEndpoint, UnaryOperator<String> headerNameValidator) {
		super(defaultEndpoint, headerNameValidator);
	}

	/**
	 * Creates the exporter. Nothing connects until the first export, so this neither
	 * blocks on the network nor fails when no collector is running yet.
	 * @return a new exporter; each call creates another with its own connection
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	public abstract E build();

}
