package dev.telemetry.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small Spring MVC service traced by telemetry-spring-boot-starter with no code of its
 * own for tracing: requests, its HTTP clients, its database calls, its {@code @Async}
 * work and its scheduled job become OTLP spans, and its log lines carry their trace ids.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
