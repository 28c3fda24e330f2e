package dev.telemetry.autoconfigure.web;

import java.io.IOException;

import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * {@code http.client.request.duration} for {@code RestClient} and {@code RestTemplate}
 * requests, by the stable HTTP semantic conventions: method, server address and port, the
 * URI template the request was made from ({@code url.template}), status and
 * {@code error.type}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpClientMetricConvention implements ObservationMetricConvention {

	private final HttpClientDurations durations;

	/**
	 * Creates the convention and its histogram.
	 * @param meter the meter the histogram belongs to
	 */
	public HttpClientMetricConvention(Meter meter) {
		this(new HttpClientDurations(meter));
	}

	HttpClientMetricConvention(HttpClientDurations durations) {
		this.durations = durations;
	}

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
		ClientRequestObservationContext client = (ClientRequestObservationContext) context;
		ClientHttpRequest request = client.getCarrier();
		this.durations.record(seconds, (request != null) ? request.getMethod().name() : null,
				(request != null) ? request.getURI() : null, client.getUriTemplate(), status(client.getResponse()),
				client.getError(), traceContext);
	}

	private static int status(@Nullable ClientHttpResponse response) {
		if (response == null) {
			return 0;
		}
		try {
			return response.getStatusCode().value();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
