package dev.telemetry.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Applies a {@code telemetry.*} property to an SDK builder and turns the builder's
 * rejection into an {@link InvalidConfigurationPropertyValueException} naming the
 * property, so that start-up fails with the property to fix. The builders own the rules
 * (positive sizes and durations, batch not above queue, ...); the glue does not check
 * them again.
 *
 * @since 0.1.0
 */
public final class BuilderErrors {

	private BuilderErrors() {
	}

	/**
	 * Runs a builder call for a property.
	 * @param property the property's full name
	 * @param shownValue the value to show in the failure; a mask for secrets
	 * @param call the builder call
	 * @throws InvalidConfigurationPropertyValueException when the builder refuses the
	 * value ({@link IllegalArgumentException}, {@link IllegalStateException} from a
	 * cross-field check, or {@link NullPointerException} for a missing value)
	 */
	public static void apply(String property, @Nullable Object shownValue, Runnable call) {
		apply(property, shownValue, () -> {
			call.run();
			return null;
		});
	}

	/**
	 * Runs a builder call for a property and returns its result, such as what
	 * {@code build()} made.
	 * @param <T> the result type
	 * @param property the property's full name
	 * @param shownValue the value to show in the failure; a mask for secrets
	 * @param call the builder call
	 * @return the call's result
	 * @throws InvalidConfigurationPropertyValueException when the builder refuses the
	 * value
	 */
	public static <T> T apply(String property, @Nullable Object shownValue, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, shownValue, "must be set");
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new InvalidConfigurationPropertyValueException(property, shownValue, ex.getMessage());
		}
	}

}
