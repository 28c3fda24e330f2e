/**
 * JDBC instrumentation: every {@code DataSource} bean is wrapped so that its statements
 * become observations of a CLIENT kind, with SQL sanitized and the database read from the
 * JDBC URL; and the span convention for those observations.
 */
@NullMarked
package dev.telemetry.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
