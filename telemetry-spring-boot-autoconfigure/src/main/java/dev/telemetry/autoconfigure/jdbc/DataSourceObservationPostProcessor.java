package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Wraps every {@link DataSource} bean so that the connections it hands out, and the
 * statements they run, are observed.
 * <p>
 * The wrapper is a Spring AOP proxy that advises only {@code getConnection}. Where the
 * data source's class can be subclassed (a {@code HikariDataSource}, say) the proxy is a
 * subclass, so injection points and {@code instanceof} checks that name the concrete type
 * keep working; otherwise it implements the data source's interfaces. Either way
 * {@code unwrap}, {@code isWrapperFor} and every other method reach the original data
 * source, and Spring Boot's {@code DataSourceUnwrapper} sees through it, so pool metrics
 * keep working. The proxy is frozen: its advice is fixed when it is made, which lets the
 * subclass proxy call the original directly.
 * <p>
 * Observation starts once all singletons are instantiated: statements run while the
 * context starts (schema and data scripts, migrations) are not traced, and the
 * observation registry is not pulled into the data source's early initialization.
 */
final class DataSourceObservationPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(DataSourceObservationPostProcessor.class);

	private final JdbcInstrumentation instrumentation;

	private final ObjectProvider<ObservationRegistry> registry;

	private @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	DataSourceObservationPostProcessor(JdbcInstrumentation instrumentation,
			ObjectProvider<ObservationRegistry> registry) {
		this.instrumentation = instrumentation;
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !ScopedProxyUtils.isScopedTarget(beanName)
				&& !isInstrumented(bean)) {
			try {
				return instrument(dataSource);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not instrument DataSource bean '" + beanName + "'; its statements are not traced",
						ex);
			}
		}
		return bean;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.instrumentation.activate(this.registry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	Object instrument(DataSource dataSource) {
		Class<?> type = AopUtils.getTargetClass(dataSource);
		NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(
				new DataSourceInterceptor(this.instrumentation, ClassUtils.getUserClass(type).getSimpleName()));
		advisor.setMappedName("getConnection");
		ProxyFactory factory = new ProxyFactory(dataSource);
		factory.addAdvisor(advisor);
		boolean subclass = !AopUtils.isAopProxy(dataSource) && canSubclass(dataSource.getClass());
		factory.setProxyTargetClass(subclass);
		// Frozen, a subclass proxy fixes each method's advice when it is made: other
		// methods call the original directly, and getConnection skips the per-call
		// lookup of its advice, which cost a quarter of a microsecond per connection
		// (docs/benchmarks.md, run A). Nothing may advise the proxy afterwards: another
		// post processor wraps it instead.
		factory.setFrozen(true);
		ClassLoader classLoader = this.classLoader;
		try {
			return factory.getProxy(classLoader);
		}
		catch (RuntimeException ex) {
			if (!subclass) {
				throw ex;
			}
			// The class looked subclassable but CGLIB disagreed: fall back to interfaces.
			factory.setProxyTargetClass(false);
			return factory.getProxy(classLoader);
		}
	}

	static boolean isInstrumented(Object bean) {
		if (bean instanceof Advised advised) {
			for (Advisor advisor : advised.getAdvisors()) {
				if (advisor.getAdvice() instanceof DataSourceInterceptor) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether a subclass proxy can stand in for instances of the class: public, not
	 * final, not a proxy already, and without final public methods. A subclass proxy
	 * forwards the methods it overrides to the original; a final method would run on the
	 * proxy's own, empty, state instead (and a final {@code getConnection} would escape
	 * the advice).
	 */
	static boolean canSubclass(Class<?> type) {
		if (!Modifier.isPublic(type.getModifiers()) || Modifier.isFinal(type.getModifiers()) || Proxy.isProxyClass(type)
				|| type.isSynthetic()) {
			return false;
		}
		for (Class<?> enclosing = type.getEnclosingClass(); enclosing != null; enclosing = enclosing
			.getEnclosingClass()) {
			if (!Modifier.isPublic(enclosing.getModifiers())) {
				return false;
			}
		}
		for (Method method : type.getMethods()) {
			if (Modifier.isFinal(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& method.getDeclaringClass() != Object.class) {
				return false;
			}
		}
		return true;
	}

}
