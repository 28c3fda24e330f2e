package dev.telemetry.autoconfigure.propagation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Context propagation settings.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.propagation")
public class PropagationProperties {

	/**
	 * Comma-separated list of propagation formats, injected and extracted in order.
	 */
	private List<PropagationType> type = new ArrayList<>(
			List.of(PropagationType.TRACECONTEXT, PropagationType.BAGGAGE));

	public List<PropagationType> getType() {
		return this.type;
	}

	public void setType(List<PropagationType> type) {
		this.type = type;
	}

}
