package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;

/**
 * Builds a {@link TracerProvider}. Defaults: the detected resource, a parent-based
 * always-on sampler, random ids, the system clock, default span limits and no processor.
 * <p>
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class TracerProviderBuilder {

	private Resource resource = Resource.detect();

	private Sampler sampler = Sampler.parentBased(Sampler.alwaysOn());

	private IdGenerator idGenerator = IdGenerator.random();

	private Clock clock = Clock.system();

	private SpanLimits limits = SpanLimits.getDefault();

	private final List<SpanProcessor> processors = new ArrayList<>();

	TracerProviderBuilder() {
	}

	/**
	 * Sets the resource.
	 * @param resource the resource
	 * @return this builder
	 */
	public TracerProviderBuilder setResource(Resource resource) {
		this.resource = Objects.requireNonNull(resource, "resource");
		return this;
	}

	/**
	 * Sets the sampler.
	 * @param sampler the sampler
	 * @return this builder
	 */
	public TracerProviderBuilder setSampler(Sampler sampler) {
		this.sampler = Objects.requireNonNull(sampler, "sampler");
		return this;
	}

	/**
	 * Sets the id generator.
	 * @param idGenerator the generator
	 * @return this builder
	 */
	public TracerProviderBuilder setIdGenerator(IdGenerator idGenerator) {
		this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
		return this;
	}

	/**
	 * Sets the clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public TracerProviderBuilder setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Sets the span limits.
	 * @param limits the limits
	 * @return this builder
	 */
	public TracerProviderBuilder setSpanLimits(SpanLimits limits) {
		this.limits = Objects.requireNonNull(limits, "limits");
		return this;
	}

	/**
	 * Adds a span processor; processors are called in the order added.
	 * @param processor the processor
	 * @return this builder
	 */
	public TracerProviderBuilder addSpanProcessor(SpanProcessor processor) {
		this.processors.add(Objects.requireNonNull(processor, "processor"));
		return this;
	}

	/**
	 * Builds the provider.
	 * @return the provider
	 */
	public TracerProvider build() {
		return new TracerProvider(new TracerSharedState(this.clock, this.idGenerator, this.sampler,
				SpanProcessor.composite(List.copyOf(this.processors)), this.resource, this.limits));
	}

}
