package dev.telemetry.autoconfigure.observation;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DuplicateTracingException} in Spring Boot's start-up failure report.
 */
final class DuplicateTracingFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateTracingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DuplicateTracingException cause) {
		return new FailureAnalysis(
				"Two tracers are active: telemetry-spring-boot-starter and Spring Boot's Micrometer Tracing ("
						+ String.join(", ", cause.getDependencies())
						+ "). Each would turn every observation into a span, so every request would be traced twice.",
				"Remove " + String.join(" and ", cause.getDependencies())
						+ " from the application's dependencies, or set telemetry.tracing.enabled=false to keep "
						+ "Spring Boot's tracing instead.",
				cause);
	}

}
