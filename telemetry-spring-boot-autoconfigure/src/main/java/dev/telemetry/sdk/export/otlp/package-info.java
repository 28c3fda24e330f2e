/**
 * OTLP exporters. Protobuf types never leave this package.
 */
@NullMarked
package dev.telemetry.sdk.export.otlp;

import org.jspecify.annotations.NullMarked;
