/**
 * OTLP exporters for traces: {@link dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter}
 * (OTLP/gRPC) and {@link dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter} (OTLP/HTTP
 * with protobuf, on the JDK's HTTP client). Both encode each batch once and share the
 * retry policy ({@link dev.telemetry.sdk.export.otlp.RetryPolicy}, bounded by a time
 * budget), the failure log lines with their hints, and the
 * {@link dev.telemetry.sdk.export.otlp.ExporterStatistics}; only the transport differs.
 * The retry state machine, the transports and the builders' settings are written once for
 * every signal ({@code OtlpSignal}); only the encoder and the public exporter classes are
 * per signal. Protobuf types never leave this package.
 */
@NullMarked
package dev.telemetry.sdk.export.otlp;

import org.jspecify.annotations.NullMarked;
