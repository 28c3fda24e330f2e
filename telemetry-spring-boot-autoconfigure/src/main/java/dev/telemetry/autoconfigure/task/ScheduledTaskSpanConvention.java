package dev.telemetry.autoconfigure.task;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.observation.Observation;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Spans for runs of {@code @Scheduled} methods, which Spring observes when Spring Boot
 * gives the scheduler an observation registry: each run is the root of its own trace,
 * named after the method ({@code OrderReport.send}), with {@code code.function.name} set
 * to the fully qualified method. A run that throws is an error with an {@code exception}
 * event.
 * <p>
 * A run is a root even when the thread that scheduled it was in a trace, since a
 * recurring task belongs to no request.
 * <p>
 * Stateless and thread-safe. Scheduled runs are infrequent, so names are built per run
 * rather than cached.
 *
 * @since 0.1.0
 */
public final class ScheduledTaskSpanConvention implements ObservationSpanConvention {

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public String getStartName(Observation.Context context) {
		ScheduledTaskObservationContext task = (ScheduledTaskObservationContext) context;
		return task.getTargetClass().getSimpleName() + "." + task.getMethod().getName();
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		ScheduledTaskObservationContext task = (ScheduledTaskObservationContext) context;
		span.setNoParent();
		span.setAttribute("code.function.name", task.getTargetClass().getName() + "." + task.getMethod().getName());
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		Throwable error = context.getError();
		if (error != null) {
			span.setAttribute("error.type", error.getClass().getName());
			span.setStatus(StatusCode.ERROR, (error.getMessage() != null) ? error.getMessage() : "");
			span.recordException(error);
		}
	}

}
