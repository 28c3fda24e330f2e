package dev.telemetry.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring MVC service traced by telemetry-spring-boot-starter with no code of its
 * own for tracing: requests, its HTTP clients and its database calls become OTLP spans.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
