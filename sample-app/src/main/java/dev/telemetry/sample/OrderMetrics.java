package dev.telemetry.sample;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.MeterProvider;

import org.springframework.stereotype.Component;

/**
 * The sample's own metric, recorded through the starter's meter provider: order lookups
 * by outcome. Attribute sets are built once, so recording allocates nothing.
 */
@Component
class OrderMetrics {

	static final String LOOKUPS = "sample.order.lookups";

	private static final Attributes FOUND = Attributes.of("outcome", "found");

	private static final Attributes MISSING = Attributes.of("outcome", "missing");

	private final LongCounter lookups;

	OrderMetrics(MeterProvider meterProvider) {
		this.lookups = meterProvider.get("dev.telemetry.sample")
			.counterBuilder(LOOKUPS)
			.setUnit("{lookup}")
			.setDescription("Order lookups by outcome")
			.build();
	}

	void lookedUp(boolean found) {
		this.lookups.add(1, found ? FOUND : MISSING);
	}

}
