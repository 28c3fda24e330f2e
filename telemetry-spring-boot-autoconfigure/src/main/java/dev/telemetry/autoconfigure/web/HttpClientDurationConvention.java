package dev.telemetry.autoconfigure.web;

import java.net.URI;

import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.context.Context;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code RestClient} and {@code WebClient} duration conventions share: the
 * contexts they measure and how a stopped exchange is recorded in
 * {@link HttpClientDurations}. A subclass only reads its client's request and response.
 *
 * @param <C> the client's observation context
 */
abstract class HttpClientDurationConvention<C extends Observation.Context> implements ObservationMetricConvention {

	private final Class<C> contextType;

	private final HttpClientDurations durations;

	HttpClientDurationConvention(Class<C> contextType, HttpClientDurations durations) {
		this.contextType = contextType;
		this.durations = durations;
	}

	@Override
	public final boolean supports(Observation.Context context) {
		return this.contextType.isInstance(context);
	}

	@Override
	public final boolean supportsByType() {
		return true;
	}

	@Override
	public final void onStop(Observation.Context context, @Nullable Object started, double seconds,
			Context traceContext) {
		C client = this.contextType.cast(context);
		this.durations.record(seconds, method(client), uri(client), uriTemplate(client), status(client),
				client.getError(), traceContext);
	}

	abstract @Nullable String method(C context);

	abstract @Nullable URI uri(C context);

	abstract @Nullable String uriTemplate(C context);

	/**
	 * Returns the response status.
	 * @param context the context
	 * @return the status, or 0 without a response
	 */
	abstract int status(C context);

}
