package dev.telemetry.sdk.trace.samplers;

import java.util.Objects;

/**
 * Builds a parent-based sampler. By default a span follows its parent's sampled flag,
 * local or remote, and a root span asks the root sampler, as in OpenTelemetry.
 * <p>
 * Not thread-safe; the sampler it builds is.
 *
 * @since 0.1.0
 */
public final class ParentBasedSamplerBuilder {

	private final Sampler root;

	private Sampler remoteParentSampled = Sampler.alwaysOn();

	private Sampler remoteParentNotSampled = Sampler.alwaysOff();

	private Sampler localParentSampled = Sampler.alwaysOn();

	private Sampler localParentNotSampled = Sampler.alwaysOff();

	ParentBasedSamplerBuilder(Sampler root) {
		this.root = Objects.requireNonNull(root, "root");
	}

	/**
	 * Sets the sampler for spans whose remote parent was sampled.
	 * @param sampler the sampler
	 * @return this builder
	 */
	public ParentBasedSamplerBuilder setRemoteParentSampled(Sampler sampler) {
		this.remoteParentSampled = Objects.requireNonNull(sampler, "sampler");
		return this;
	}

	/**
	 * Sets the sampler for spans whose remote parent was not sampled.
	 * @param sampler the sampler
	 * @return this builder
	 */
	public ParentBasedSamplerBuilder setRemoteParentNotSampled(Sampler sampler) {
		this.remoteParentNotSampled = Objects.requireNonNull(sampler, "sampler");
		return this;
	}

	/**
	 * Sets the sampler for spans whose local parent was sampled.
	 * @param sampler the sampler
	 * @return this builder
	 */
	public ParentBasedSamplerBuilder setLocalParentSampled(Sampler sampler) {
		this.localParentSampled = Objects.requireNonNull(sampler, "sampler");
		return this;
	}

	/**
	 * Sets the sampler for spans whose local parent was not sampled.
	 * @param sampler the sampler
	 * @return this builder
	 */
	public ParentBasedSamplerBuilder setLocalParentNotSampled(Sampler sampler) {
		this.localParentNotSampled = Objects.requireNonNull(sampler, "sampler");
		return this;
	}

	/**
	 * Builds the sampler.
	 * @return the sampler
	 */
	public Sampler build() {
		return new ParentBasedSampler(this.root, this.remoteParentSampled, this.remoteParentNotSampled,
				this.localParentSampled, this.localParentNotSampled);
	}

}
