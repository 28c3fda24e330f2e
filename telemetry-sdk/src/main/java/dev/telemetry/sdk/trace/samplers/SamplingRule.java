package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a {@link Sampler#ruleBased rule-based sampler}: conditions on what is known
 * when a span starts, all of which must hold, and the sampler that decides when they do.
 * <p>
 * What each condition sees:
 * <ul>
 * <li>span kinds: the kind the span is started with;</li>
 * <li>name glob: the name the span is started with; and, when the span has the string
 * attributes {@code http.request.method} and {@code url.path}, also
 * {@code "<method> <path>"}, because an HTTP server span starts named after its method
 * only (its route is known later);</li>
 * <li>route glob: the {@code http.route} attribute when present at start, else
 * {@code url.path};</li>
 * <li>URL path glob: the {@code url.path} attribute;</li>
 * <li>attribute equality: the attribute's value compared with the expected string
 * (strings exactly; numbers and booleans when the string parses to the same value);</li>
 * <li>attribute pattern: a regular expression that must match the whole value (numbers
 * and booleans are matched as their decimal or {@code true}/{@code false} form, which
 * allocates a string).</li>
 * </ul>
 * A missing attribute fails its condition. Globs are described on
 * {@link SamplingRuleBuilder#setNameGlob(String)}.
 * <p>
 * Immutable and thread-safe; everything is compiled when the rule is built. Matching
 * allocates nothing except as noted for patterns on non-string values.
 *
 * @since 0.1.0
 */
public final class SamplingRule {

	private final int kinds;

	private final @Nullable Glob name;

	private final @Nullable Glob route;

	private final @Nullable Glob urlPath;

	private final String[] attributeKeys;

	private final ExpectedValue[] attributeValues;

	private final String[] patternKeys;

	private final ThreadLocal<Matcher>[] patternMatchers;

	private final Pattern[] patterns;

	private final ApplyTo applyTo;

	private final Sampler action;

	private final String description;

	@SuppressWarnings("unchecked")
	SamplingRule(int kinds, @Nullable Glob name, @Nullable Glob route, @Nullable Glob urlPath,
			List<String> attributeKeys, List<String> attributeValues, List<String> patternKeys, List<Pattern> patterns,
			ApplyTo applyTo, Sampler action) {
		this.kinds = kinds;
		this.name = name;
		this.route = route;
		this.urlPath = urlPath;
		this.attributeKeys = attributeKeys.toArray(new String[0]);
		this.attributeValues = new ExpectedValue[attributeValues.size()];
		for (int i = 0; i < this.attributeValues.length; i++) {
			this.attributeValues[i] = new ExpectedValue(attributeValues.get(i));
		}
		this.patternKeys = patternKeys.toArray(new String[0]);
		this.patterns = patterns.toArray(new Pattern[0]);
		this.patternMatchers = new ThreadLocal[this.patterns.length];
		for (int i = 0; i < this.patterns.length; i++) {
			Pattern pattern = this.patterns[i];
			// a Matcher per thread, reset per use: compiled once, no Matcher per span
			this.patternMatchers[i] = ThreadLocal.withInitial(() -> pattern.matcher(""));
		}
		this.applyTo = applyTo;
		this.action = action;
		this.description = describe(attributeKeys, attributeValues);
	}

	/**
	 * Returns a builder for a rule.
	 * @return a new builder
	 */
	public static SamplingRuleBuilder builder() {
		return new SamplingRuleBuilder();
	}

	/**
	 * Returns the spans the rule applies to.
	 * @return root spans only, or all spans
	 */
	public ApplyTo getApplyTo() {
		return this.applyTo;
	}

	/**
	 * Returns the sampler that decides when the rule matches.
	 * @return the action
	 */
	public Sampler getAction() {
		return this.action;
	}

	/**
	 * Returns whether every condition holds for a span starting with this name, kind and
	 * attributes. The parent is not considered: see {@link #getApplyTo()}.
	 * @param spanName the span name
	 * @param kind the span kind
	 * @param attributes the attributes known at start
	 * @return whether the rule matches
	 */
	public boolean matches(String spanName, SpanKind kind, Attributes attributes) {
		if ((this.kinds & (1 << kind.ordinal())) == 0) {
			return false;
		}
		for (int i = 0; i < this.attributeKeys.length; i++) {
			if (!this.attributeValues[i].matches(attributes.get(this.attributeKeys[i]))) {
				return false;
			}
		}
		if (this.urlPath != null && !matchesString(this.urlPath, attributes.get("url.path"))) {
			return false;
		}
		if (this.route != null) {
			Object route = attributes.get("http.route");
			if (!matchesString(this.route, (route instanceof String) ? route : attributes.get("url.path"))) {
				return false;
			}
		}
		if (this.name != null && !matchesName(this.name, spanName, attributes)) {
			return false;
		}
		for (int i = 0; i < this.patterns.length; i++) {
			Object value = attributes.get(this.patternKeys[i]);
			if (value == null) {
				return false;
			}
			CharSequence text = (value instanceof CharSequence chars) ? chars : String.valueOf(value);
			Matcher matcher = this.patternMatchers[i].get();
			boolean matched = matcher.reset(text).matches();
			// do not keep the application's value reachable from the thread
			matcher.reset("");
			if (!matched) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesString(Glob glob, @Nullable Object value) {
		return (value instanceof String text) && glob.matches(text);
	}

	private static boolean matchesName(Glob glob, String spanName, Attributes attributes) {
		if (glob.matches(spanName)) {
			return true;
		}
		Object method = attributes.get("http.request.method");
		if (!(method instanceof String)) {
			return false;
		}
		Object path = attributes.get("url.path");
		return (path instanceof String) && glob.matches((String) method, ' ', (String) path);
	}

	private String describe(List<String> keys, List<String> values) {
		StringJoiner joiner = new StringJoiner(",", "Rule{", "}->" + this.action.getDescription());
		if (this.kinds != SamplingRuleBuilder.ALL_KINDS) {
			List<String> names = new ArrayList<>();
			for (SpanKind kind : SpanKind.values()) {
				if ((this.kinds & (1 << kind.ordinal())) != 0) {
					names.add(kind.name());
				}
			}
			joiner.add("kind:" + String.join("|", names));
		}
		if (this.name != null) {
			joiner.add("name:" + this.name.pattern());
		}
		if (this.route != null) {
			joiner.add("route:" + this.route.pattern());
		}
		if (this.urlPath != null) {
			joiner.add("url.path:" + this.urlPath.pattern());
		}
		for (int i = 0; i < keys.size(); i++) {
			joiner.add(keys.get(i) + "=" + values.get(i));
		}
		for (int i = 0; i < this.patterns.length; i++) {
			joiner.add(this.patternKeys[i] + "~" + this.patterns[i].pattern());
		}
		joiner.add("applyTo:" + this.applyTo.name().toLowerCase(Locale.ROOT));
		return joiner.toString();
	}

	/**
	 * Returns a stable description, such as
	 * {@code Rule{kind:SERVER,url.path:/actuator/**,applyTo:all}->drop}.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * Which spans a rule is asked about.
	 *
	 * @since 0.1.0
	 */
	public enum ApplyTo {

		/**
		 * Only spans without a parent, so a rule never cuts a trace in half: children
		 * follow the decision taken for their root.
		 */
		ROOT,

		/** Every span, children included. */
		ALL

	}

	/**
	 * An expected attribute value, parsed once into every type it can equal.
	 */
	private static final class ExpectedValue {

		private final String text;

		private final boolean isLong;

		private final long longValue;

		private final boolean isDouble;

		private final double doubleValue;

		private final int booleanValue;

		ExpectedValue(String text) {
			this.text = text;
			long parsedLong = 0;
			boolean parsedAsLong = false;
			try {
				parsedLong = Long.parseLong(text);
				parsedAsLong = true;
			}
			catch (NumberFormatException ex) {
				// not a long: never equals a long attribute
			}
			this.isLong = parsedAsLong;
			this.longValue = parsedLong;
			double parsedDouble = 0;
			boolean parsedAsDouble = false;
			try {
				parsedDouble = Double.parseDouble(text);
				parsedAsDouble = !Double.isNaN(parsedDouble);
			}
			catch (NumberFormatException ex) {
				// not a double: never equals a double attribute
			}
			this.isDouble = parsedAsDouble;
			this.doubleValue = parsedDouble;
			this.booleanValue = "true".equalsIgnoreCase(text) ? 1 : "false".equalsIgnoreCase(text) ? 0 : -1;
		}

		boolean matches(@Nullable Object value) {
			if (value instanceof String string) {
				return this.text.equals(string);
			}
			if (value instanceof Long number) {
				return this.isLong && number == this.longValue;
			}
			if (value instanceof Double number) {
				return this.isDouble && number == this.doubleValue;
			}
			if (value instanceof Boolean bool) {
				return this.booleanValue == (bool ? 1 : 0);
			}
			return false;
		}

	}

}
