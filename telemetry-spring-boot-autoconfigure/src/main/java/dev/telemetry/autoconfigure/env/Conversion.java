package dev.telemetry.autoconfigure.env;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How an {@code OTEL_*} value becomes a {@code telemetry.*} property value. Nothing is
 * validated here: a value is converted only where the variable's format differs from the
 * property's, and otherwise passed through, so that a bad value fails binding with an
 * error naming the property (and, through the property source's origin, the variable).
 */
enum Conversion {

	/** The value as it is. */
	AS_IS {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			properties.put(property, value);
		}

	},

	/** Lower-cased, as the property's enum values are spelled. */
	LOWER_CASE {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			properties.put(property, value.toLowerCase(Locale.ROOT));
		}

	},

	/** A comma-separated list whose members are trimmed and blanks dropped. */
	LIST {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			StringJoiner joined = new StringJoiner(",");
			for (String member : value.split(",")) {
				if (!member.isBlank()) {
					joined.add(member.trim());
				}
			}
			if (joined.length() > 0) {
				properties.put(property, joined.toString());
			}
		}

	},

	/**
	 * A plain integer of milliseconds gets the unit; anything else is passed through so
	 * that the binder reports the property it cannot bind.
	 */
	MILLISECONDS {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			boolean digits = value.chars().allMatch((ch) -> ch >= '0' && ch <= '9');
			properties.put(property, digits ? value + "ms" : value);
		}

	},

	/**
	 * {@code true} (any case) sets {@code false}; the specification reads anything else
	 * as "not disabled", which needs no property because it is the default.
	 */
	TRUE_DISABLES {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			if ("true".equalsIgnoreCase(value)) {
				properties.put(property, "false");
			}
		}

	},

	/** {@code k=v,k2=v2} with percent-decoded values, into {@code property[k]}. */
	ENTRIES {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			putEntries(property, KeyValueList.parse(value, false, problems), properties);
		}

	},

	/** As {@link #ENTRIES}, and keys must be HTTP header names. */
	HEADER_ENTRIES {

		@Override
		void apply(String property, String value, Map<String, String> properties, List<String> problems) {
			putEntries(property, KeyValueList.parse(value, true, problems), properties);
		}

	};

	/**
	 * Converts a value.
	 * @param property the property, or the prefix of a map's entries
	 * @param value the variable's value, trimmed and not blank
	 * @param properties receives the properties
	 * @param problems receives a description of each part skipped; never a value
	 */
	abstract void apply(String property, String value, Map<String, String> properties, List<String> problems);

	private static void putEntries(String prefix, Map<String, String> entries, Map<String, String> properties) {
		// Brackets keep a key such as "service.name" one map key instead of a path.
		entries.forEach((key, value) -> properties.put(prefix + "[" + key + "]", value));
	}

}
