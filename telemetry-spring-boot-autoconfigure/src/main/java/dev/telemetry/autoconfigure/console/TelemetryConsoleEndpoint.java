package dev.telemetry.autoconfigure.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code telemetryconsole} endpoint: {@code GET /actuator/telemetryconsole} answers
 * one self-contained HTML page (styles and script inline; no request to any other host)
 * that reads the {@code telemetry} endpoint beside it: recent traces, a trace's
 * waterfall, and the pipeline's sampler, queues and exporters. Being an endpoint, it is
 * served on the management port and under its exposure and security rules.
 *
 * @since 0.1.0
 */
@WebEndpoint(id = "telemetryconsole", defaultAccess = Access.READ_ONLY)
public class TelemetryConsoleEndpoint {

	static final String PAGE = "console.html";

	private final String page;

	TelemetryConsoleEndpoint() {
		this.page = load();
	}

	/**
	 * Serves the console page.
	 * @return the page
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public String page() {
		return this.page;
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
