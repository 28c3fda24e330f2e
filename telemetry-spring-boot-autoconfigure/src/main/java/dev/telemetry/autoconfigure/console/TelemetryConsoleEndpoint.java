package dev.telemetry.autoconfigure.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code telemetryconsole} endpoint: {@code GET /actuator/telemetryconsole} answers
 * one self-contained HTML page (styles and script inline; no request to any other host)
 * that reads the {@code telemetry} endpoint beside it: recent traces, a trace's
 * waterfall, and the pipeline's sampler, queues and exporters. Its metrics panel reads
 * {@code GET /actuator/telemetryconsole/metrics} ({@link ConsoleMetricsDescriptor}),
 * collected when asked through a cumulative pull reader that exists only while the
 * console is enabled. Being an endpoint, it is served on the management port and under
 * its exposure and security rules.
 *
 * @since 0.1.0
 */
@WebEndpoint(id = "telemetryconsole", defaultAccess = Access.READ_ONLY)
public class TelemetryConsoleEndpoint {

	static final String PAGE = "console.html";

	private final String page;

	private final @Nullable MetricDescriptions metrics;

	TelemetryConsoleEndpoint(@Nullable MetricDescriptions metrics) {
		this.page = load();
		this.metrics = metrics;
	}

	/**
	 * Serves the console page.
	 * @return the page
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public String page() {
		return this.page;
	}

	/**
	 * Collects the metrics for the page's metrics panel.
	 * @param securityContext the caller, for {@code show-values}
	 * @param part must be {@code metrics}
	 * @return the metrics, or {@code null} (404) for another part
	 */
	@ReadOperation
	public @Nullable ConsoleMetricsDescriptor part(SecurityContext securityContext, @Selector String part) {
		if (!"metrics".equals(part)) {
			return null;
		}
		MetricDescriptions metrics = this.metrics;
		if (metrics == null) {
			return new ConsoleMetricsDescriptor(false, false, 0, false, List.of());
		}
		return metrics.describe(metrics.values().isShown(securityContext));
	}

	// Read once: the page is a few tens of kilobytes and never changes at run time.
	private static String load() {
		try (InputStream in = TelemetryConsoleEndpoint.class.getResourceAsStream(PAGE)) {
			if (in == null) {
				throw new IllegalStateException("The console page " + PAGE + " is missing from the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the console page " + PAGE, ex);
		}
	}

}
