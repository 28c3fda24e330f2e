package dev.telemetry.sdk.trace;

import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TracerProvider#getSpanStatistics()}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpanStatisticsTests {

	private static final SpanContext REMOTE_SAMPLED = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED,
			TraceState.empty());

	private static final SpanContext REMOTE_UNSAMPLED = SpanContext.createFromRemoteParent(1, 2, 4, (byte) 0,
			TraceState.empty());

	@Test
	void countsStartedSpansByDecisionAndParentOrigin() {
		TracerProvider provider = TracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOn())).build();
		Tracer tracer = provider.get("test", null);
		Span root = tracer.spanBuilder("root").startSpan();
		tracer.spanBuilder("child").setParent(root.storeInContext(Context.root())).startSpan().end();
		tracer.spanBuilder("remote").setParent(Span.wrap(REMOTE_SAMPLED).storeInContext(Context.root())).startSpan();
		tracer.spanBuilder("dropped")
			.setParent(Span.wrap(REMOTE_UNSAMPLED).storeInContext(Context.root()))
			.startSpan()
			.end();
		SpanStatistics statistics = provider.getSpanStatistics();
		assertThat(statistics.started()).hasSize(9)
			.contains(new SpanStatistics.Started(SamplingDecision.RECORD_AND_SAMPLE, ParentOrigin.NONE, 1),
					new SpanStatistics.Started(SamplingDecision.RECORD_AND_SAMPLE, ParentOrigin.LOCAL, 1),
					new SpanStatistics.Started(SamplingDecision.RECORD_AND_SAMPLE, ParentOrigin.REMOTE, 1),
					new SpanStatistics.Started(SamplingDecision.DROP, ParentOrigin.REMOTE, 1));
		assertThat(statistics.startedTotal()).isEqualTo(4);
		assertThat(statistics.started(SamplingDecision.DROP)).isOne();
		// root and remote are still running; the dropped span never was live
		assertThat(statistics.liveSampled()).isEqualTo(2);
		assertThat(statistics.liveRecordOnly()).isZero();
		root.end();
		root.end();
		assertThat(provider.getSpanStatistics().liveSampled()).isOne();
	}

	@Test
	void countsRecordOnlySpansAsLiveSeparately() {
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.parentBasedBuilder(Sampler.alwaysOn()).setRemoteParentNotSampled(recordOnly()).build())
			.build();
		Span span = provider.get("test", null)
			.spanBuilder("recorded")
			.setParent(Span.wrap(REMOTE_UNSAMPLED).storeInContext(Context.root()))
			.startSpan();
		assertThat(provider.getSpanStatistics().liveRecordOnly()).isOne();
		assertThat(provider.getSpanStatistics().started(SamplingDecision.RECORD_ONLY)).isOne();
		span.end();
		assertThat(provider.getSpanStatistics().liveRecordOnly()).isZero();
	}

	@Test
	void countsSpansStartedAfterShutdownAsDropped() {
		TracerProvider provider = TracerProvider.builder().build();
		provider.shutdown();
		provider.get("test", null).spanBuilder("late").startSpan().end();
		assertThat(provider.getSpanStatistics().started(SamplingDecision.DROP)).isOne();
	}

	private static Sampler recordOnly() {
		return new Sampler() {

			@Override
			public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
					SpanKind kind, Attributes attributes) {
				return SamplingResult.recordOnly();
			}

			@Override
			public String getDescription() {
				return "RecordOnly";
			}

		};
	}

}
