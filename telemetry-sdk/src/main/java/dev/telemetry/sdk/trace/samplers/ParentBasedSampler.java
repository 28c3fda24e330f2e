package dev.telemetry.sdk.trace.samplers;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Delegates by parent: none (root), remote or local, sampled or not.
 */
final class ParentBasedSampler implements Sampler {

	private final Sampler root;

	private final Sampler remoteParentSampled;

	private final Sampler remoteParentNotSampled;

	private final Sampler localParentSampled;

	private final Sampler localParentNotSampled;

	private final String description;

	ParentBasedSampler(Sampler root, Sampler remoteParentSampled, Sampler remoteParentNotSampled,
			Sampler localParentSampled, Sampler localParentNotSampled) {
		this.root = root;
		this.remoteParentSampled = remoteParentSampled;
		this.remoteParentNotSampled = remoteParentNotSampled;
		this.localParentSampled = localParentSampled;
		this.localParentNotSampled = localParentNotSampled;
		this.description = "ParentBased{root:" + root.getDescription() + ",remoteParentSampled:"
				+ remoteParentSampled.getDescription() + ",remoteParentNotSampled:"
				+ remoteParentNotSampled.getDescription() + ",localParentSampled:" + localParentSampled.getDescription()
				+ ",localParentNotSampled:" + localParentNotSampled.getDescription() + "}";
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		Sampler delegate;
		if (!parent.isValid()) {
			delegate = this.root;
		}
		else if (parent.isRemote()) {
			delegate = parent.isSampled() ? this.remoteParentSampled : this.remoteParentNotSampled;
		}
		else {
			delegate = parent.isSampled() ? this.localParentSampled : this.localParentNotSampled;
		}
		return delegate.shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes);
	}

	@Override
	public List<SamplingRuleStatistics> getRuleStatistics() {
		return this.root.getRuleStatistics();
	}

	Sampler getRoot() {
		return this.root;
	}

	@Override
	public String getDescription() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
