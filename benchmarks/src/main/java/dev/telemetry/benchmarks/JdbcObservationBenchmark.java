package dev.telemetry.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.jdbc.JdbcInstrumentationAutoConfiguration;
import dev.telemetry.autoconfigure.jdbc.JdbcMetricConvention;
import dev.telemetry.autoconfigure.jdbc.JdbcMetricsAutoConfiguration;
import dev.telemetry.autoconfigure.jdbc.JdbcSpanConvention;
import dev.telemetry.sdk.metrics.MeterProvider;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * One query as a repository runs it on a pooled connection: prepare
 * {@code SELECT ... FROM orders WHERE id = ?}, bind, execute, read the row, close; on an
 * in-memory H2 database, sampled.
 * <ul>
 * <li>{@code bare}: the data source as the application defined it;</li>
 * <li>{@code ours}: instrumented by the starter's JDBC auto-configuration, with its
 * tracing and metrics handlers and their JDBC conventions;</li>
 * <li>{@code ours+boot-meter}: as {@code ours}, plus Spring Boot's meter observation
 * handler seeing every observation, as it did before the starter kept it off the
 * statements;</li>
 * <li>{@code ours+boot-meter-group}: as {@code ours}, plus Spring Boot's meter handler
 * grouped as Spring Boot groups the {@code MeterObservationHandler} beans (first match,
 * in order), with the starter's beans among them: what an application with Actuator
 * has.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JdbcObservationBenchmark {

	static final String QUERY = "SELECT id, status FROM orders WHERE id = ?";

	@Param({ "bare", "ours", "ours+boot-meter", "ours+boot-meter-group" })
	public String contender;

	private ObservationStack stack;

	private AnnotationConfigApplicationContext context;

	private Connection connection;

	// What Spring Boot's meter handler made, in the contenders that have it
	final SimpleMeterRegistry bootMeters = new SimpleMeterRegistry();

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:orders-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		try (Connection setUp = h2.getConnection(); Statement statement = setUp.createStatement()) {
			statement.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(20))");
			statement.execute("INSERT INTO orders VALUES (1, 'open')");
		}
		if (this.contender.equals("bare")) {
			this.connection = h2.getConnection();
			return;
		}
		this.stack = ObservationStack.ours(true, true, List.of(new JdbcSpanConvention()),
				(meter) -> List.of(new JdbcMetricConvention(meter)));
		ObservationRegistry registry = this.stack.registry;
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean("observationRegistry", ObservationRegistry.class, () -> registry);
		this.context.registerBean("dataSource", DataSource.class, () -> h2);
		// The meter provider only lets the JDBC metrics auto-configuration match; the
		// stack's own records the statements.
		this.context.registerBean("meterProvider", MeterProvider.class, () -> MeterProvider.builder().build());
		this.context.register(JdbcInstrumentationAutoConfiguration.class, JdbcMetricsAutoConfiguration.class);
		this.context.refresh();
		if (this.contender.equals("ours+boot-meter")) {
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.bootMeters));
		}
		else if (this.contender.equals("ours+boot-meter-group")) {
			registry.observationConfig().observationHandler(bootMeterGroup(this.context, this.bootMeters));
		}
		this.connection = this.context.getBean(DataSource.class).getConnection();
	}

	/**
	 * Spring Boot's meter handler group: every {@code MeterObservationHandler} bean in
	 * order, then Spring Boot's default one.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static ObservationHandler<?> bootMeterGroup(AnnotationConfigApplicationContext context,
			SimpleMeterRegistry meters) {
		List<ObservationHandler> handlers = new ArrayList<>(
				context.getBeanProvider(MeterObservationHandler.class).orderedStream().toList());
		handlers.add(new DefaultMeterObservationHandler(meters));
		return new FirstMatchingCompositeObservationHandler((List) handlers);
	}

	/**
	 * Returns how many statements the starter's metrics measured.
	 */
	long measured() {
		return (this.stack != null) ? this.stack.measured.getAsLong() : 0;
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.connection.close();
		if (this.context != null) {
			this.context.close();
			this.stack.close();
		}
	}

	@Benchmark
	public String query() throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement(QUERY)) {
			statement.setLong(1, 1);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getString(2);
			}
		}
	}

}
