package dev.telemetry.autoconfigure.env;

/**
 * The one table of the standard OpenTelemetry SDK environment variables this starter
 * reads, the {@code telemetry.*} property each sets, and how its value is converted.
 * {@link OtelEnvironmentVariablesPostProcessor} applies it, {@code docs/configuration.md}
 * lists the same variables, and {@code ConfigurationDocumentationTests} checks that the
 * two agree.
 * <p>
 * Adding a variable is adding a row. A map property ({@link Conversion#ENTRIES},
 * {@link Conversion#HEADER_ENTRIES}) names its prefix; each entry becomes
 * {@code prefix[key]}.
 */
enum OtelVariable {

	// @formatter:off
	OTEL_SDK_DISABLED("telemetry.enabled", Conversion.TRUE_DISABLES),
	OTEL_SERVICE_NAME("telemetry.service.name", Conversion.AS_IS),
	OTEL_RESOURCE_ATTRIBUTES("telemetry.resource.attributes", Conversion.ENTRIES),
	OTEL_TRACES_SAMPLER("telemetry.tracing.sampler.type", Conversion.LOWER_CASE),
	OTEL_TRACES_SAMPLER_ARG("telemetry.tracing.sampler.ratio", Conversion.AS_IS),
	OTEL_PROPAGATORS("telemetry.propagation.type", Conversion.LIST),
	OTEL_BSP_SCHEDULE_DELAY("telemetry.tracing.batch.schedule-delay", Conversion.MILLISECONDS),
	OTEL_BSP_EXPORT_TIMEOUT("telemetry.tracing.batch.export-timeout", Conversion.MILLISECONDS),
	OTEL_BSP_MAX_QUEUE_SIZE("telemetry.tracing.batch.max-queue-size", Conversion.AS_IS),
	OTEL_BSP_MAX_EXPORT_BATCH_SIZE("telemetry.tracing.batch.max-export-batch-size", Conversion.AS_IS),
	OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT("telemetry.tracing.limits.max-attributes", Conversion.AS_IS),
	// The general limit comes first: a later row wins, and the span-specific one must.
	OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT("telemetry.tracing.limits.max-attribute-value-length", Conversion.AS_IS),
	OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT("telemetry.tracing.limits.max-attribute-value-length", Conversion.AS_IS),
	OTEL_SPAN_EVENT_COUNT_LIMIT("telemetry.tracing.limits.max-events", Conversion.AS_IS),
	OTEL_SPAN_LINK_COUNT_LIMIT("telemetry.tracing.limits.max-links", Conversion.AS_IS),
	OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT("telemetry.tracing.limits.max-attributes-per-event", Conversion.AS_IS),
	OTEL_LINK_ATTRIBUTE_COUNT_LIMIT("telemetry.tracing.limits.max-attributes-per-link", Conversion.AS_IS),
	OTEL_EXPORTER_OTLP_ENDPOINT("telemetry.exporter.otlp.endpoint", Conversion.AS_IS),
	OTEL_EXPORTER_OTLP_HEADERS("telemetry.exporter.otlp.headers", Conversion.HEADER_ENTRIES),
	OTEL_EXPORTER_OTLP_TIMEOUT("telemetry.exporter.otlp.timeout", Conversion.MILLISECONDS),
	OTEL_EXPORTER_OTLP_COMPRESSION("telemetry.exporter.otlp.compression", Conversion.AS_IS),
	OTEL_EXPORTER_OTLP_PROTOCOL("telemetry.exporter.otlp.protocol", Conversion.AS_IS);
	// @formatter:on

	private final String property;

	private final Conversion conversion;

	OtelVariable(String property, Conversion conversion) {
		this.property = property;
		this.conversion = conversion;
	}

	/**
	 * Returns the property the variable sets, or for a map the prefix of its entries.
	 * @return the property name
	 */
	String property() {
		return this.property;
	}

	/**
	 * Returns how the variable's value becomes the property's.
	 * @return the conversion
	 */
	Conversion conversion() {
		return this.conversion;
	}

}
