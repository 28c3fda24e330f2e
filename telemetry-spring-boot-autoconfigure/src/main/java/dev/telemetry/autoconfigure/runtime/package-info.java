/**
 * The JVM runtime metrics of the OpenTelemetry semantic conventions, read from the
 * platform MXBeans when metrics are collected.
 */
@NullMarked
package dev.telemetry.autoconfigure.runtime;

import org.jspecify.annotations.NullMarked;
