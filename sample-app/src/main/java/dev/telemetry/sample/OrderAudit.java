package dev.telemetry.sample;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Work a request hands off to Spring Boot's task executor: its query and its log line
 * stay in the request's trace.
 */
@Component
class OrderAudit {

	private static final Logger logger = LoggerFactory.getLogger(OrderAudit.class);

	private final JdbcTemplate jdbcTemplate;

	OrderAudit(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Async
	public CompletableFuture<Long> countOrders() {
		Long count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM orders", Long.class);
		logger.info("Audited {} orders", count);
		return CompletableFuture.completedFuture(count);
	}

}
