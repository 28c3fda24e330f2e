package dev.telemetry.autoconfigure.observation;

import java.util.List;

/**
 * Thrown at start-up when Spring Boot's own tracing is active next to this starter.
 *
 * @since 0.1.0
 */
public class DuplicateTracingException extends IllegalStateException {

	private final List<String> dependencies;

	DuplicateTracingException(List<String> dependencies) {
		super("Spring Boot's Micrometer Tracing is active next to telemetry-spring-boot-starter; every request "
				+ "would be traced twice. Remove " + String.join(" and ", dependencies)
				+ ", or set telemetry.tracing.enabled=false to keep Spring Boot's tracing instead.");
		this.dependencies = List.copyOf(dependencies);
	}

	/**
	 * Returns the dependencies that bring the second tracer.
	 * @return dependency descriptions
	 */
	public List<String> getDependencies() {
		return this.dependencies;
	}

}
