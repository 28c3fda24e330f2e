package dev.telemetry.benchmarks;

import java.util.Map;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

/**
 * The observations the benchmarks make: a server request (a {@link ReceiverContext} of
 * kind SERVER, as Spring MVC's is) and an outgoing call (a {@link SenderContext} of kind
 * CLIENT, as RestClient's is), named and tagged by conventions the way Spring's are, with
 * 0 or 8 key values (4 low- and 4 high-cardinality).
 */
final class ServerObservations {

	static final String SERVER_NAME = "http.server.requests";

	static final String CLIENT_NAME = "http.client.requests";

	private ServerObservations() {
	}

	static ReceiverContext<Map<String, String>> serverContext(Map<String, String> headers) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get, Kind.SERVER);
		context.setCarrier(headers);
		return context;
	}

	static SenderContext<Map<String, String>> clientContext(Map<String, String> headers) {
		SenderContext<Map<String, String>> context = new SenderContext<>(Map::put, Kind.CLIENT);
		context.setCarrier(headers);
		return context;
	}

	static ObservationConvention<Observation.Context> serverConvention(int keyValues) {
		return new FixedConvention(SERVER_NAME, "GET /orders/{id}",
				(keyValues == 0) ? KeyValues.empty()
						: KeyValues.of("http.request.method", "GET", "http.route", "/orders/{id}",
								"http.response.status_code", "200", "outcome", "SUCCESS"),
				(keyValues == 0) ? KeyValues.empty() : KeyValues.of("url.path", "/orders/42", "client.address",
						"127.0.0.1", "user_agent.original", "wrk/4.1.0", "server.address", "localhost"));
	}

	static ObservationConvention<Observation.Context> clientConvention(int keyValues) {
		return new FixedConvention(CLIENT_NAME, "GET",
				(keyValues == 0) ? KeyValues.empty()
						: KeyValues.of("http.request.method", "GET", "client.name", "inventory",
								"http.response.status_code", "200", "outcome", "SUCCESS"),
				(keyValues == 0) ? KeyValues.empty()
						: KeyValues.of("url.full", "http://inventory:8080/items/42", "server.address", "inventory",
								"server.port", "8080", "http.url", "http://inventory:8080/items/42"));
	}

	/**
	 * Key values computed once, as a convention would compute them from the request.
	 */
	private record FixedConvention(String name, String contextualName, KeyValues low,
			KeyValues high) implements ObservationConvention<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public String getContextualName(Observation.Context context) {
			return this.contextualName;
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(Observation.Context context) {
			return this.low;
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(Observation.Context context) {
			return this.high;
		}

	}

}
