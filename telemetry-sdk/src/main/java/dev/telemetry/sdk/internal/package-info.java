/**
 * Helpers that other SDK packages share: hex encoding of ids, rate-limited logging (plain
 * and keyed), the redaction of secrets, HTTP's field grammar, and the thread type that
 * tells an exporter its caller waits for the outcome.
 * <p>
 * <strong>Not an API.</strong> These types are public only so that several SDK packages
 * can use them; they may change or disappear in any release, and applications must not
 * use them.
 */
@NullMarked
package dev.telemetry.sdk.internal;

import org.jspecify.annotations.NullMarked;
