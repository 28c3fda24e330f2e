package dev.telemetry.sdk.metrics;

/**
 * A view with the selector it was registered for.
 */
record RegisteredView(InstrumentSelector selector, View view) {

}
