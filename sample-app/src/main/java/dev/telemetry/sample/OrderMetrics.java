package dev.telemetry.sample;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.MeterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The sample's own metric, recorded through the starter's meter provider: order lookups
 * by outcome. Attribute sets are built once, so recording allocates nothing. Without the
 * starter's metrics ({@code telemetry.enabled=false}, as the benchmark's baseline runs)
 * there is no meter provider and nothing is recorded.
 */
@Component
class OrderMetrics {

	static final String LOOKUPS = "sample.order.lookups";

	private static final Attributes FOUND = Attributes.of("outcome", "found");

	private static final Attributes MISSING = Attributes.of("outcome", "missing");

	private final @Nullable LongCounter lookups;

	OrderMetrics(ObjectProvider<MeterProvider> meterProvider) {
		MeterProvider provider = meterProvider.getIfAvailable();
		this.lookups = (provider != null) ? provider.get("dev.telemetry.sample")
			.counterBuilder(LOOKUPS)
			.setUnit("{lookup}")
			.setDescription("Order lookups by outcome")
			.build() : null;
	}

	void lookedUp(boolean found) {
		if (this.lookups != null) {
			this.lookups.add(1, found ? FOUND : MISSING);
		}
	}

}
