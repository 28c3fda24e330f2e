package dev.telemetry.autoconfigure.console;

import dev.telemetry.autoconfigure.actuate.AttributeValues;
import java.util.List;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetricDescriptions}: the answer stays bounded and says when it left
 * streams or attribute sets out.
 */
class MetricDescriptionsTests {

	@Test
	void capsStreamsAndAttributeSetsAndSaysSo() {
		PullMetricReader reader = PullMetricReader.create();
		try (MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build()) {
			for (String name : List.of("c", "a", "b")) {
				LongCounter counter = provider.get("test").counterBuilder(name).build();
				for (int i = 0; i < 5; i++) {
					counter.add(1, Attributes.of("i", String.valueOf(i)));
				}
			}
			MetricDescriptions descriptions = new MetricDescriptions(reader,
					new AttributeValues(Show.ALWAYS, Set.of(), List.of()), 2, 3);
			ConsoleMetricsDescriptor metrics = descriptions.describe(true);
			assertThat(metrics.streamCount()).isEqualTo(3);
			assertThat(metrics.truncated()).isTrue();
			assertThat(metrics.streams()).extracting(ConsoleMetricsDescriptor.StreamDescriptor::name)
				.containsExactly("a", "b");
			assertThat(metrics.streams()).allSatisfy((stream) -> {
				assertThat(stream.seriesCount()).isEqualTo(5);
				assertThat(stream.truncated()).isTrue();
				assertThat(stream.series()).hasSize(3).allSatisfy((series) -> assertThat(series.value()).isEqualTo(1L));
			});
		}
	}

}
