package dev.telemetry.autoconfigure.task;

import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import io.micrometer.context.ContextSnapshot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Auto-configuration that keeps work handed to other threads in its trace, and traces
 * scheduled tasks.
 * <ul>
 * <li>A {@link ContextPropagatingTaskDecorator} bean: Spring Boot applies
 * {@code TaskDecorator} beans to the task executors and schedulers it builds (the one
 * behind {@code @Async}, MVC's asynchronous requests, and anything built from
 * {@code ThreadPoolTaskExecutorBuilder} or {@code SimpleAsyncTaskExecutorBuilder}). The
 * decorator captures the current observation when a task is submitted and restores it
 * (opening its scope) on the worker thread, so spans started there, and log lines written
 * there, belong to the submitting request. Not added when the application defines one, or
 * sets {@code spring.task.execution.propagate-context=true} (which makes Boot define
 * one). Switched off by {@code telemetry.instrumentation.async.enabled=false}.</li>
 * <li>The span convention for {@code @Scheduled} runs, which Spring observes: each run is
 * a root span named after its method.
 * {@code telemetry.instrumentation.scheduled.enabled=false} stops tracing the runs (their
 * observations, and metrics, remain).</li>
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TracingObservationAutoConfiguration.class,
		after = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(InstrumentationProperties.class)
@Import({ TaskInstrumentationAutoConfiguration.Async.class, TaskInstrumentationAutoConfiguration.Scheduled.class,
		TaskInstrumentationAutoConfiguration.UntracedScheduled.class })
public final class TaskInstrumentationAutoConfiguration {

	private static final String SCHEDULED_CONTEXT = "org.springframework.scheduling.support.ScheduledTaskObservationContext";

	TaskInstrumentationAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextSnapshot.class, ContextPropagatingTaskDecorator.class })
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".async.enabled", matchIfMissing = true)
	static class Async {

		@Bean
		@ConditionalOnMissingBean
		ContextPropagatingTaskDecorator telemetryContextPropagatingTaskDecorator() {
			return new ContextPropagatingTaskDecorator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SCHEDULED_CONTEXT)
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".scheduled.enabled", matchIfMissing = true)
	static class Scheduled {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskSpanConvention telemetryScheduledTaskSpanConvention() {
			return new ScheduledTaskSpanConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SCHEDULED_CONTEXT)
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".scheduled.enabled", havingValue = false)
	static class UntracedScheduled {

		@Bean
		UntracedSpanConvention telemetryUntracedScheduledTaskSpanConvention() {
			return new UntracedSpanConvention(List.of(ScheduledTaskObservationContext.class));
		}

	}

}
