package dev.telemetry.autoconfigure.observation;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.autoconfigure.web.HttpSpanConventionsAutoConfiguration;
import dev.telemetry.sdk.trace.TracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DuplicateTracingGuard} and {@link DuplicateTracingFailureAnalyzer}
 * next to Spring Boot's own OpenTelemetry tracing.
 * <p>
 * Spring Boot's OpenTelemetry tracing only activates with Micrometer's OpenTelemetry
 * bridge ({@code micrometer-tracing-bridge-otel}), which
 * {@code spring-boot-starter-opentelemetry} brings but
 * {@code spring-boot-micrometer-tracing-opentelemetry} alone does not. The full
 * application-context tests run when the bridge is on the test class path; the guard's
 * own detection is also tested with the bridge jar loaded in an isolated class loader.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DuplicateTracingGuardTests {

	private static final String DEPENDENCY = "spring-boot-starter-opentelemetry";

	private static final String OTEL_TRACER = "io.micrometer.tracing.otel.bridge.OtelTracer";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
				HttpSpanConventionsAutoConfiguration.class, TracingObservationAutoConfiguration.class,
				ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class));

	@Test
	void startUpFailsWhenSpringBootsOpenTelemetryTracingIsActive() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.isInstanceOf(DuplicateTracingException.class)
				.hasMessageContaining(DEPENDENCY)
				.hasMessageContaining("telemetry.tracing.enabled=false");
			DuplicateTracingException failure = (DuplicateTracingException) context.getStartupFailure();
			assertThat(failure.getDependencies()).singleElement().asString().contains(DEPENDENCY);
		});
	}

	@Test
	void disabledTracingLetsSpringBootsTracingStartAlone() {
		this.contextRunner.withPropertyValues("telemetry.tracing.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("micrometerOtelTracer")
				.doesNotHaveBean(TracerProvider.class)
				.doesNotHaveBean(TracingObservationHandler.class)
				.doesNotHaveBean(DuplicateTracingGuard.class);
		});
	}

	@Test
	void registeredAnalyzersExplainTheStartUpFailure() {
		this.contextRunner.run((context) -> {
			Throwable failure = context.getStartupFailure();
			assertThat(failure).isNotNull();
			FailureAnalysis analysis = analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(DEPENDENCY);
			assertThat(analysis.getAction()).contains(DEPENDENCY);
		});
	}

	@Test
	void withoutTheBridgeSpringBootsTracingBacksOffAndOursStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing.otel"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DuplicateTracingGuard.class)
				.hasSingleBean(TracingObservationHandler.class)
				.doesNotHaveBean("micrometerOtelTracer"));
	}

	@Test
	void disabledTracingSuppliesNoGuard() {
		this.contextRunner.withPropertyValues("telemetry.tracing.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DuplicateTracingGuard.class));
	}

	@Test
	void guardPassesWithoutABridgeTracerBean() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("unrelated", new RootBeanDefinition(Object.class));
		assertThatCode(() -> new DuplicateTracingGuard(beanFactory).afterSingletonsInstantiated())
			.doesNotThrowAnyException();
	}

	@Test
	void guardFailsWhenAnOpenTelemetryBridgeTracerBeanExists() throws Exception {
		Path bridgeJar = bridgeJar();
		assumeTrue(Files.isRegularFile(bridgeJar), () -> "no " + bridgeJar);
		URL classes = DuplicateTracingGuard.class.getProtectionDomain().getCodeSource().getLocation();
		try (GuardClassLoader classLoader = new GuardClassLoader(new URL[] { classes, bridgeJar.toUri().toURL() },
				getClass().getClassLoader())) {
			Class<?> tracerType = Class.forName(OTEL_TRACER, false, classLoader);
			DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
			beanFactory.registerBeanDefinition("micrometerOtelTracer", new RootBeanDefinition(tracerType));
			SmartInitializingSingleton guard = newGuard(classLoader, beanFactory);
			Throwable failure = catchThrowable(guard::afterSingletonsInstantiated);
			assertThat(failure).isInstanceOf(IllegalStateException.class);
			assertThat(failure.getClass().getName()).isEqualTo(DuplicateTracingException.class.getName());
			assertThat(failure.getMessage()).contains(DEPENDENCY)
				.contains("micrometer-tracing-bridge-otel")
				.contains("telemetry.tracing.enabled=false");
			// The analyzer explains the exception it will meet at start-up.
			FailureAnalysis analysis = describe(classLoader, failure);
			assertThat(analysis.getDescription()).contains(DEPENDENCY);
			assertThat(analysis.getAction()).startsWith("Remove " + DEPENDENCY);
		}
	}

	@Test
	void analyzerDescribesTheFailureAndNamesTheDependencyToRemove() {
		DuplicateTracingException failure = new DuplicateTracingException(
				List.of(DEPENDENCY + " (or micrometer-tracing-bridge-otel)"));
		FailureAnalysis analysis = new DuplicateTracingFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains(DEPENDENCY).contains("traced twice");
		assertThat(analysis.getAction()).contains("Remove " + DEPENDENCY).contains("telemetry.tracing.enabled=false");
		assertThat(analysis.getCause()).isSameAs(failure);
		assertThat(failure.getMessage()).contains(DEPENDENCY);
	}

	@Test
	void analyzerFindsTheExceptionWhenItIsWrapped() {
		DuplicateTracingException cause = new DuplicateTracingException(List.of("a", "b"));
		FailureAnalysis analysis = new DuplicateTracingFailureAnalyzer()
			.analyze(new IllegalStateException("start-up failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("(a, b)");
		assertThat(analysis.getAction()).startsWith("Remove a and b ");
		assertThat(new DuplicateTracingFailureAnalyzer().analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerIsRegisteredWhereSpringBootLooksForFailureAnalyzers() {
		// Spring Boot 4 loads org.springframework.boot.diagnostics.FailureAnalyzer
		// implementations from META-INF/spring.factories through SpringFactoriesLoader,
		// offering BeanFactory and Environment as constructor arguments.
		assertThat(loadFailureAnalyzers()).hasAtLeastOneElementOfType(DuplicateTracingFailureAnalyzer.class);
		List<String> names = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, arguments(), FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.map((analyzer) -> analyzer.getClass().getName())
			.toList();
		assertThat(names).contains("dev.telemetry.autoconfigure.observation.DuplicateTracingFailureAnalyzer");
	}

	@Test
	void registeredAnalyzersPickOursForTheException() {
		DuplicateTracingException failure = new DuplicateTracingException(List.of(DEPENDENCY));
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).contains(DEPENDENCY);
	}

	private FailureAnalysis analyze(Throwable failure) {
		return loadFailureAnalyzers().stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	private List<FailureAnalyzer> loadFailureAnalyzers() {
		return SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, arguments(), FailureHandler.handleMessage((message, ex) -> {
			}));
	}

	private static ArgumentResolver arguments() {
		return ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
	}

	/**
	 * Locates the bridge jar next to the micrometer-tracing jar of the same version in
	 * the local Maven repository.
	 */
	private static Path bridgeJar() throws Exception {
		Path tracingJar = Path
			.of(io.micrometer.tracing.Tracer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		String version = tracingJar.getParent().getFileName().toString();
		return tracingJar.getParent()
			.getParent()
			.resolveSibling("micrometer-tracing-bridge-otel")
			.resolve(version)
			.resolve("micrometer-tracing-bridge-otel-" + version + ".jar");
	}

	private static SmartInitializingSingleton newGuard(ClassLoader classLoader, ListableBeanFactory beanFactory)
			throws ReflectiveOperationException {
		Class<?> guardType = Class.forName(DuplicateTracingGuard.class.getName(), true, classLoader);
		assertThat(guardType.getClassLoader()).isSameAs(classLoader);
		Constructor<?> constructor = guardType.getDeclaredConstructor(ListableBeanFactory.class);
		constructor.setAccessible(true);
		return (SmartInitializingSingleton) constructor.newInstance(beanFactory);
	}

	private static FailureAnalysis describe(ClassLoader classLoader, Throwable failure)
			throws ReflectiveOperationException {
		Class<?> analyzerType = Class.forName(DuplicateTracingFailureAnalyzer.class.getName(), true, classLoader);
		Constructor<?> constructor = analyzerType.getDeclaredConstructor();
		constructor.setAccessible(true);
		try {
			FailureAnalysis analysis = ((FailureAnalyzer) constructor.newInstance()).analyze(failure);
			assertThat(analysis).isNotNull();
			return analysis;
		}
		catch (InvocationTargetException ex) {
			throw new AssertionError(ex.getCause());
		}
	}

	/**
	 * Loads this package's classes and the bridge itself before asking its parent, so
	 * that the guard sees the bridge as present.
	 */
	private static final class GuardClassLoader extends URLClassLoader {

		GuardClassLoader(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith(DuplicateTracingGuard.class.getPackageName() + ".")
					&& !name.startsWith("io.micrometer.tracing.otel.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					try {
						loaded = findClass(name);
					}
					catch (ClassNotFoundException ex) {
						loaded = super.loadClass(name, false);
					}
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
