/**
 * Small building blocks shared by every part of the SDK: attributes, clocks, completion
 * handles and a throttled logger.
 */
@NullMarked
package dev.telemetry.sdk.common;

import org.jspecify.annotations.NullMarked;
