/**
 * Head samplers, consulted once per new span before anything is recorded: OpenTelemetry's
 * constant, trace-id-ratio and parent-based samplers, consistent probability sampling
 * (the {@code th}/{@code rv} sub-keys of the {@code ot} tracestate entry), ordered rules
 * on what is known at span start, a per-instance rate limit, and a holder whose sampler
 * can be swapped at run time. Decisions take no lock, and dropping a root span allocates
 * nothing.
 */
@NullMarked
package dev.telemetry.sdk.trace.samplers;

import org.jspecify.annotations.NullMarked;
