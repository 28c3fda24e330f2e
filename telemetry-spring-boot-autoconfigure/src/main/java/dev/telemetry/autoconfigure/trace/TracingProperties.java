package dev.telemetry.autoconfigure.trace;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing settings: sampling and batching.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.tracing")
public class TracingProperties {

	/**
	 * Whether tracing is enabled.
	 */
	private boolean enabled = true;

	private final Sampler sampler = new Sampler();

	private final Batch batch = new Batch();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Sampler getSampler() {
		return this.sampler;
	}

	public Batch getBatch() {
		return this.batch;
	}

	/**
	 * Head sampling settings.
	 */
	public static class Sampler {

		/**
		 * Sampler that decides which new traces are recorded and exported.
		 */
		private SamplerType type = SamplerType.PARENTBASED_TRACEIDRATIO;

		/**
		 * Fraction of traces to sample, from 0.0 to 1.0, for the ratio-based samplers.
		 */
		private double ratio = 1.0;

		public SamplerType getType() {
			return this.type;
		}

		public void setType(SamplerType type) {
			this.type = type;
		}

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

	}

	/**
	 * Batch span processor settings.
	 */
	public static class Batch {

		/**
		 * Most ended spans held while waiting for export; spans beyond it are dropped and
		 * counted, never blocking the application.
		 */
		private int maxQueueSize = 2048;

		/**
		 * Most spans sent in one export request.
		 */
		private int maxExportBatchSize = 512;

		/**
		 * Longest time a span waits in the queue before a partial batch is exported.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(5);

		/**
		 * Longest time one export may take before its spans count as failed.
		 */
		private Duration exportTimeout = Duration.ofSeconds(30);

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public int getMaxExportBatchSize() {
			return this.maxExportBatchSize;
		}

		public void setMaxExportBatchSize(int maxExportBatchSize) {
			this.maxExportBatchSize = maxExportBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
		}

	}

}
