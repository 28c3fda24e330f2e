package dev.telemetry.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A scheduled job: each run is the root of its own trace, with its query inside.
 */
@Component
class OrderReport {

	private static final Logger logger = LoggerFactory.getLogger(OrderReport.class);

	private final JdbcTemplate jdbcTemplate;

	OrderReport(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Scheduled(initialDelayString = "${sample.report.interval}", fixedDelayString = "${sample.report.interval}")
	void report() {
		Integer quantity = this.jdbcTemplate.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM orders",
				Integer.class);
		logger.info("Items on order: {}", quantity);
	}

}
