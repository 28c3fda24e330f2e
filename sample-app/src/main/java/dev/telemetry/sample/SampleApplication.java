package dev.telemetry.sample;

import java.util.Map;

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
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// Something for the telemetry console to show at once; a default, so that
		// --sample.self-call.enabled=false switches it off. Tests never run main().
		application.setDefaultProperties(Map.of("sample.self-call.enabled", "true"));
		application.run(args);
	}

}
