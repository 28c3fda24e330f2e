package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DataSourceObservationPostProcessor}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataSourceObservationPostProcessorTests {

	private final DataSourceObservationPostProcessor postProcessor = new DataSourceObservationPostProcessor(
			new JdbcInstrumentation(false, false),
			new DefaultListableBeanFactory().getBeanProvider(ObservationRegistry.class));

	@Test
	void subclassesDataSourcesThatAllowIt() {
		assertThat(DataSourceObservationPostProcessor.canSubclass(HikariDataSource.class)).isTrue();
		assertThat(DataSourceObservationPostProcessor.canSubclass(SimpleDriverDataSource.class)).isTrue();
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:postprocessor");
		Object proxy = this.postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
		assertThat(proxy).isInstanceOf(SimpleDriverDataSource.class);
		assertThat(DataSourceObservationPostProcessor.isInstrumented(proxy)).isTrue();
		// Methods other than getConnection reach the original.
		assertThat(((SimpleDriverDataSource) proxy).getUrl()).isEqualTo("jdbc:h2:mem:postprocessor");
	}

	@Test
	void frozenProxyHandsOutInstrumentedConnectionsFromBothGetConnectionMethods() throws Exception {
		Object proxy = observedProxy("jdbc:h2:mem:postprocessor-frozen");
		assertThat(((Advised) proxy).isFrozen()).isTrue();
		try (Connection plain = ((DataSource) proxy).getConnection();
				Connection withUser = ((DataSource) proxy).getConnection("sa", "")) {
			assertThat(Proxy.getInvocationHandler(plain)).isInstanceOf(InstrumentedConnection.class);
			assertThat(Proxy.getInvocationHandler(withUser)).isInstanceOf(InstrumentedConnection.class);
			assertThat(withUser.getMetaData().getUserName()).isEqualToIgnoringCase("sa");
		}
	}

	@Test
	void adviceAddedLaterWrapsTheFrozenProxyAndBothApply() throws Exception {
		Object proxy = observedProxy("jdbc:h2:mem:postprocessor-advised");
		AtomicInteger advised = new AtomicInteger();
		AbstractAdvisingBeanPostProcessor later = new AbstractAdvisingBeanPostProcessor() {
			{
				this.advisor = new DefaultPointcutAdvisor((MethodInterceptor) (invocation) -> {
					advised.incrementAndGet();
					return invocation.proceed();
				});
			}
		};
		Object wrapped = later.postProcessAfterInitialization(proxy, "dataSource");
		// The frozen proxy refuses the advisor, so the post processor makes a proxy
		// of its own around it.
		assertThat(wrapped).isNotSameAs(proxy);
		assertThat(((Advised) proxy).getAdvisors()).hasSize(1);
		try (Connection connection = ((DataSource) wrapped).getConnection()) {
			assertThat(advised).hasValue(1);
			assertThat(Proxy.getInvocationHandler(connection)).isInstanceOf(InstrumentedConnection.class);
		}
	}

	private static Object observedProxy(String url) {
		JdbcInstrumentation instrumentation = new JdbcInstrumentation(false, false);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		instrumentation.activate(registry);
		return new DataSourceObservationPostProcessor(instrumentation,
				new DefaultListableBeanFactory().getBeanProvider(ObservationRegistry.class))
			.postProcessAfterInitialization(new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""),
					"dataSource");
	}

	@Test
	void implementsTheInterfacesOfDataSourcesThatCannotBeSubclassed() throws Exception {
		assertThat(DataSourceObservationPostProcessor.canSubclass(WithFinalMethod.class)).isFalse();
		assertThat(DataSourceObservationPostProcessor.canSubclass(Hidden.class)).isFalse();
		assertThat(DataSourceObservationPostProcessor.canSubclass(JdbcDataSource.class)).isFalse();
		Object proxy = this.postProcessor.postProcessAfterInitialization(new WithFinalMethod(h2()), "dataSource");
		assertThat(proxy).isNotInstanceOf(WithFinalMethod.class).isInstanceOf(DataSource.class);
		assertThat(DataSourceObservationPostProcessor.isInstrumented(proxy)).isTrue();
		try (Connection connection = ((DataSource) proxy).getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	@Test
	void wrapsOnlyOnceAndLeavesOtherBeansAlone() {
		Object proxy = this.postProcessor.postProcessAfterInitialization(h2(), "dataSource");
		assertThat(this.postProcessor.postProcessAfterInitialization(proxy, "again")).isSameAs(proxy);
		Object other = new Object();
		assertThat(this.postProcessor.postProcessAfterInitialization(other, "other")).isSameAs(other);
	}

	@Test
	void dataSourceOverAnotherInstrumentedOneTracesEachStatementOnce() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TelemetryResourceAutoConfiguration.class,
							PropagationAutoConfiguration.class, TracingAutoConfiguration.class,
							TracingObservationAutoConfiguration.class, JdbcInstrumentationAutoConfiguration.class))
			.withUserConfiguration(LayeredDataSources.class)
			.withPropertyValues("telemetry.exporter.type=none")
			.run((context) -> {
				DataSource lazy = context.getBean("lazy", DataSource.class);
				assertThat(AopUtils.isAopProxy(lazy)).isTrue();
				assertThat(AopUtils.isAopProxy(context.getBean("target", DataSource.class))).isTrue();
				new JdbcTemplate(lazy).queryForObject("SELECT 42", Integer.class);
				SpanCollector spans = context.getBean(SpanCollector.class);
				spans.awaitNamed("SELECT");
				assertThat(spans.spans()).hasSize(1);
			});
	}

	private static JdbcDataSource h2() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:postprocessor");
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	static class LayeredDataSources {

		@Bean
		DataSource target() {
			return h2();
		}

		@Bean
		@Primary
		DataSource lazy(DataSource target) {
			return new LazyConnectionDataSourceProxy(target);
		}

		@Bean
		SpanCollector spanCollector() {
			return new SpanCollector();
		}

	}

	/**
	 * A data source with a final method, which a subclass proxy could not forward.
	 */
	public static class WithFinalMethod extends org.springframework.jdbc.datasource.DelegatingDataSource {

		public WithFinalMethod(DataSource target) {
			super(target);
		}

		public final String name() {
			return "final";
		}

	}

	private static class Hidden extends SimpleDriverDataSource {

	}

}
