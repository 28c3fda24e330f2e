package dev.telemetry.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls the application's own {@code /chain} now and then, so that the telemetry console
 * has a multi-span trace to show right after start-up. On with
 * {@code sample.self-call.enabled=true}, which {@link SampleApplication#main} sets as a
 * default (tests do not run {@code main}, so it stays off there).
 */
@Component
@ConditionalOnBooleanProperty("sample.self-call.enabled")
class ChainCaller {

	private final RestClient restClient;

	private final Environment environment;

	ChainCaller(RestClient.Builder restClientBuilder, Environment environment) {
		this.restClient = restClientBuilder.build();
		this.environment = environment;
	}

	@Scheduled(initialDelayString = "${sample.self-call.initial-delay:2s}",
			fixedDelayString = "${sample.self-call.interval:10s}")
	void callChain() {
		String port = this.environment.getProperty("local.server.port", "8080");
		this.restClient.get().uri("http://127.0.0.1:" + port + "/chain").retrieve().toBodilessEntity();
	}

}
