package dev.telemetry.autoconfigure.task;

import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import io.micrometer.context.ContextSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskInstrumentationAutoConfiguration}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskInstrumentationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, TracingAutoConfiguration.class,
				TracingObservationAutoConfiguration.class, TaskInstrumentationAutoConfiguration.class))
		.withPropertyValues("telemetry.exporter.type=none");

	@Test
	void decoratesBootsExecutorsAndTracesScheduledRuns() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class)
				.hasSingleBean(ScheduledTaskSpanConvention.class)
				.doesNotHaveBean(UntracedSpanConvention.class);
			ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutorBuilder.class).build();
			TaskDecorator decorator = context.getBean(TaskDecorator.class);
			assertThat(executor).extracting("taskDecorator").isSameAs(decorator);
		});
	}

	@Test
	void backsOffForTheApplicationsDecorator() {
		this.contextRunner
			.withBean("userDecorator", ContextPropagatingTaskDecorator.class, ContextPropagatingTaskDecorator::new)
			.run((context) -> assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class)
				.hasBean("userDecorator"));
	}

	@Test
	void backsOffWhenBootPropagatesContextItself() {
		this.contextRunner.withPropertyValues("spring.task.execution.propagate-context=true")
			.run((context) -> assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class)
				.doesNotHaveBean("telemetryContextPropagatingTaskDecorator"));
	}

	@Test
	void noDecoratorWithoutTheContextPropagationLibrary() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextSnapshot.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class));
	}

	@Test
	void switchesAreHonoured() {
		this.contextRunner
			.withPropertyValues("telemetry.instrumentation.async.enabled=false",
					"telemetry.instrumentation.scheduled.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class)
					.doesNotHaveBean(ScheduledTaskSpanConvention.class)
					.hasSingleBean(UntracedSpanConvention.class);
			});
	}

	@Test
	void nothingWithoutTracing() {
		this.contextRunner.withPropertyValues("telemetry.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class)
				.doesNotHaveBean(ScheduledTaskSpanConvention.class));
	}

}
