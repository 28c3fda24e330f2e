/**
 * Running the real OpenTelemetry Collector (as agent and gateway) and Jaeger v2 next to
 * the sample application, on 127.0.0.1 and free ports, for the end-to-end tests that go
 * through them; built by {@code it/build-peers.sh}. Test code, not an API.
 */
@NullMarked
package dev.telemetry.sample.peers;

import org.jspecify.annotations.NullMarked;
