package dev.telemetry.sdk.export.otlp;

/**
 * What the OTLP export machinery needs to know about a signal: where its requests go on
 * either transport, and how its messages and statistics name what a request carries.
 * Everything else (retries, budgets, statistics, failure logging, TLS, headers) is the
 * same for every signal. A new signal adds a constant here, an encoder for its request
 * and an exporter that hands the encoded bytes to {@link RetryingExporter}; see
 * {@code docs/architecture.md}.
 * <p>
 * Every OTLP {@code Export*ServiceResponse} has the same shape: field 1 is the partial
 * success, whose field 1 counts the rejected items and whose field 2 is the message;
 * {@link ExportResponse} reads it for all signals. Immutable.
 *
 * @param name the signal's name in messages, such as {@code traces}
 * @param grpcMethod the full gRPC method name of the collector's export call
 * @param httpPath the path OTLP/HTTP appends to the endpoint
 * @param item what one item is called in messages, such as {@code span}
 * @param items the plural of {@code item}
 * @param rejectedField the name of the partial success's count of rejected items in the
 * proto, for messages and tests
 * @param batchSizeAdvice how to make requests smaller, for a collector that refuses one
 * as too large
 */
record OtlpSignal(String name, String grpcMethod, String httpPath, String item, String items, String rejectedField,
		String batchSizeAdvice) {

	/** The configuration property that limits the size of a span batch. */
	static final String SPAN_BATCH_SIZE_PROPERTY = "telemetry.tracing.batch.max-export-batch-size";

	/** Spans: {@code ExportTraceServiceRequest}. */
	static final OtlpSignal TRACES = new OtlpSignal("traces",
			"opentelemetry.proto.collector.trace.v1.TraceService/Export", "/v1/traces", "span", "spans",
			"rejected_spans", "lower " + SPAN_BATCH_SIZE_PROPERTY);

	/** Metric data points: {@code ExportMetricsServiceRequest}. */
	static final OtlpSignal METRICS = new OtlpSignal("metrics",
			"opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/v1/metrics", "data point",
			"data points", "rejected_data_points", "export fewer metric streams per request");

	/**
	 * Counts items in words.
	 * @param count how many
	 * @return text such as {@code 1 span} or {@code 3 data points}
	 */
	String count(long count) {
		return count + " " + ((count == 1) ? this.item : this.items);
	}

}
