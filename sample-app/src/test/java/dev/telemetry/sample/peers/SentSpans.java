package dev.telemetry.sample.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spans the agent received, read from the OTLP JSON lines its file exporter writes.
 */
public final class SentSpans {

	private static final JsonMapper json = JsonMapper.builder().build();

	private SentSpans() {
	}

	/**
	 * Reads every span written so far.
	 * @param file the file exporter's file
	 * @return the spans, grouped by trace id, in the order they arrived
	 */
	public static Map<String, List<OtlpJsonSpan>> byTrace(Path file) {
		Map<String, List<OtlpJsonSpan>> traces = new LinkedHashMap<>();
		if (!Files.exists(file)) {
			return traces;
		}
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				try {
					for (OtlpJsonSpan span : OtlpJsonSpan.read(json.readTree(line))) {
						traces.computeIfAbsent(span.traceId(), (id) -> new ArrayList<>()).add(span);
					}
				}
				catch (JacksonException ex) {
					// the line being written while we read; it is complete next time
				}
			}
			return traces;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
