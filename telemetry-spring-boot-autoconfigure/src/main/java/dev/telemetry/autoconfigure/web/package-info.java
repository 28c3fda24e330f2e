/**
 * OpenTelemetry HTTP semantic conventions for the observation contexts Spring MVC and
 * Spring's HTTP clients already emit.
 */
@NullMarked
package dev.telemetry.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
