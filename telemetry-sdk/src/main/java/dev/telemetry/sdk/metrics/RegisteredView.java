package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.internal.view.GlobPattern;
import org.jspecify.annotations.Nullable;

/**
 * A view with the selector it was registered for, its name glob compiled.
 */
record RegisteredView(InstrumentSelector selector, View view, @Nullable GlobPattern namePattern) {

	static RegisteredView of(InstrumentSelector selector, View view) {
		String name = selector.instrumentName();
		return new RegisteredView(selector, view, (name != null) ? GlobPattern.compileIgnoringCase(name) : null);
	}

	boolean matches(InstrumentationScope scope, InstrumentDescriptor instrument) {
		InstrumentSelector s = this.selector;
		return (this.namePattern == null || this.namePattern.matches(instrument.name()))
				&& (s.instrumentType() == null || s.instrumentType() == instrument.type())
				&& (s.unit() == null || s.unit().equals(instrument.unit()))
				&& (s.meterName() == null || s.meterName().equals(scope.name()))
				&& (s.meterVersion() == null || s.meterVersion().equals(scope.version()))
				&& (s.meterSchemaUrl() == null || s.meterSchemaUrl().equals(scope.schemaUrl()));
	}

}
