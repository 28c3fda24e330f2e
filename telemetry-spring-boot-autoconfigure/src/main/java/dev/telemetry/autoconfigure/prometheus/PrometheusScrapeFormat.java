package dev.telemetry.autoconfigure.prometheus;

import dev.telemetry.sdk.export.prometheus.PrometheusFormat;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * The formats the scrape endpoint produces, chosen by actuator from the request's
 * {@code Accept} header as Prometheus negotiates it; the text format 0.0.4 when nothing
 * more specific is asked for.
 *
 * @since 0.1.0
 */
public enum PrometheusScrapeFormat implements Producible<PrometheusScrapeFormat> {

	/** Prometheus text format 0.0.4. */
	TEXT(PrometheusFormat.TEXT_0_0_4),

	/** OpenMetrics 1.0 text, which carries exemplars. */
	OPENMETRICS(PrometheusFormat.OPENMETRICS_1_0);

	private final PrometheusFormat format;

	private final MimeType mimeType;

	PrometheusScrapeFormat(PrometheusFormat format) {
		this.format = format;
		this.mimeType = MimeTypeUtils.parseMimeType(format.contentType());
	}

	PrometheusFormat format() {
		return this.format;
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.mimeType;
	}

	@Override
	public boolean isDefault() {
		return this == TEXT;
	}

}
