/**
 * Builds the {@link dev.telemetry.sdk.resource.Resource} from {@code telemetry.service.*}
 * and {@code telemetry.resource.*}.
 */
@NullMarked
package dev.telemetry.autoconfigure.resource;

import org.jspecify.annotations.NullMarked;
