package dev.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.telemetry.sdk.common.Attributes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the SDK ({@code dev.telemetry.sdk}) independent of Spring, Micrometer and the
 * auto-configuration, and its packages free of dependency cycles. A plain scan of the
 * sources and of the compiled classes; no architecture library needed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArchitectureTests {

	private static final Path SOURCE_ROOT = Path.of("src/main/java");

	private static final String SDK_PACKAGE = "dev.telemetry.sdk";

	private static final List<String> FORBIDDEN = List.of("org.springframework", "io.micrometer",
			"dev.telemetry.autoconfigure");

	private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

	private static final Pattern IMPORT = Pattern.compile(
			"^\\s*import\\s+(static\\s+)?(dev\\.telemetry\\.sdk(?:\\.\\w+)*?)((?:\\.[A-Z]\\w*)+(?:\\.\\w+)?|\\.\\*)\\s*;");

	private static final Pattern QUALIFIED_REFERENCE = Pattern
		.compile("(?<![\\w.])(dev\\.telemetry\\.sdk(?:\\s*\\.\\s*[a-z_]\\w*)*)\\s*\\.\\s*[A-Z]\\w*");

	private static List<SourceFile> sources;

	@BeforeAll
	static void readSources() throws IOException {
		Path sdkRoot = SOURCE_ROOT.resolve(SDK_PACKAGE.replace('.', '/'));
		assertThat(sdkRoot).as("run from the module directory").isDirectory();
		try (Stream<Path> files = Files.walk(sdkRoot)) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).sorted().map(SourceFile::read).toList();
		}
	}

	@Test
	void scanFindsTheSdk() {
		assertThat(sources).hasSizeGreaterThan(20);
		assertThat(sources).extracting(SourceFile::packageName)
			.contains("dev.telemetry.sdk.trace", "dev.telemetry.sdk.trace.span", "dev.telemetry.sdk.common",
					"dev.telemetry.sdk.context");
	}

	@Test
	void sdkSourcesDoNotReferenceSpringMicrometerOrTheAutoConfiguration() {
		List<String> violations = new ArrayList<>();
		for (SourceFile source : sources) {
			String[] lines = source.codeWithStrings().split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				String line = lines[i].replaceAll("\\s*\\.\\s*", ".");
				for (String forbidden : FORBIDDEN) {
					if (line.contains(forbidden)) {
						violations.add(source.location(i + 1) + ": " + lines[i].strip());
					}
				}
			}
		}
		assertThat(violations).as("SDK sources must not use %s", FORBIDDEN).isEmpty();
	}

	@Test
	void sdkClassesDoNotReferenceSpringOrMicrometer() throws Exception {
		Path classes = compiledClasses().resolve(SDK_PACKAGE.replace('.', '/'));
		assertThat(classes).isDirectory();
		List<String> forbiddenInBytecode = new ArrayList<>();
		for (String name : FORBIDDEN) {
			forbiddenInBytecode.add(name);
			forbiddenInBytecode.add(name.replace('.', '/'));
		}
		List<String> violations = new ArrayList<>();
		int scanned = 0;
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				scanned++;
				// Constant pool strings are modified UTF-8: ASCII names appear verbatim.
				String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
				for (String forbidden : forbiddenInBytecode) {
					if (content.contains(forbidden)) {
						violations.add(classes.relativize(file) + " mentions " + forbidden);
					}
				}
			}
		}
		assertThat(scanned).isGreaterThan(20);
		assertThat(violations).isEmpty();
	}

	@Test
	void sdkPackagesHaveNoDependencyCycles() {
		Map<String, Map<String, String>> graph = dependencyGraph(sources);
		assertThat(graph).containsKeys("dev.telemetry.sdk.trace", "dev.telemetry.sdk.trace.span");
		assertThat(graph.get("dev.telemetry.sdk.trace")).containsKey("dev.telemetry.sdk.trace.span");
		List<List<String>> cycles = findCycles(graph);
		assertThat(cycles).as(() -> describe(cycles, graph)).isEmpty();
	}

	@Test
	void cycleDetectionReportsThePath() {
		Map<String, Map<String, String>> graph = new TreeMap<>();
		graph.computeIfAbsent("a", (key) -> new TreeMap<>()).put("b", "A.java:3");
		graph.computeIfAbsent("b", (key) -> new TreeMap<>()).put("c", "B.java:4");
		graph.computeIfAbsent("c", (key) -> new TreeMap<>()).put("a", "C.java:5");
		graph.computeIfAbsent("c", (key) -> new TreeMap<>()).put("d", "C.java:6");
		graph.computeIfAbsent("d", (key) -> new TreeMap<>());
		List<List<String>> cycles = findCycles(graph);
		assertThat(cycles).containsExactly(List.of("a", "b", "c", "a"));
		assertThat(describe(cycles, graph)).contains("a -> b -> c -> a", "C.java:5");
		graph.get("c").remove("a");
		assertThat(findCycles(graph)).isEmpty();
	}

	@Test
	void dependencyScanSeesImportsAndQualifiedNamesButNotComments() {
		SourceFile source = SourceFile.parse(Path.of("X.java"), """
				package dev.telemetry.sdk.alpha;

				import java.util.List;
				import dev.telemetry.sdk.beta.Beta;
				import static dev.telemetry.sdk.gamma.Gamma.helper;
				import dev.telemetry.sdk.delta.*;
				import dev.telemetry.sdk.alpha.Same;

				/** See {@link dev.telemetry.sdk.commented.Out}. */
				class X {
					// dev.telemetry.sdk.line.Comment
					Object field = new dev.telemetry.sdk.epsilon.Epsilon.Inner();
					String text = "dev.telemetry.sdk.string.Literal";
				}
				""");
		Map<String, Map<String, String>> graph = dependencyGraph(List.of(source));
		assertThat(graph.get("dev.telemetry.sdk.alpha")).containsOnlyKeys("dev.telemetry.sdk.beta",
				"dev.telemetry.sdk.gamma", "dev.telemetry.sdk.delta", "dev.telemetry.sdk.epsilon");
		assertThat(graph.get("dev.telemetry.sdk.alpha").get("dev.telemetry.sdk.epsilon")).isEqualTo("X.java:12");
	}

	@Test
	void forbiddenScanIgnoresCommentsButSeesCodeAndStrings() {
		SourceFile source = SourceFile.parse(Path.of("Y.java"), """
				package dev.telemetry.sdk.alpha;
				/* org.springframework is only mentioned here */
				class Y {
					Object a = io.micrometer.observation.ObservationRegistry.NOOP; // org.springframework
					Object b = Class.forName("org.springframework.context.ApplicationContext");
					char c = '"'; String d = "/* not a comment */";
				}
				""");
		String[] lines = source.codeWithStrings().split("\n", -1);
		assertThat(lines[1]).doesNotContain("springframework");
		assertThat(lines[3]).contains("io.micrometer").doesNotContain("springframework");
		assertThat(lines[4]).contains("org.springframework");
		assertThat(lines[5]).contains("/* not a comment */");
		assertThat(source.codeWithoutStrings().split("\n", -1)[4]).doesNotContain("springframework");
	}

	private static Path compiledClasses() throws URISyntaxException {
		return Path.of(Attributes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	/**
	 * Returns, per SDK package, the other SDK packages it depends on, each with the first
	 * place that creates the dependency.
	 */
	private static Map<String, Map<String, String>> dependencyGraph(List<SourceFile> files) {
		Map<String, Map<String, String>> graph = new TreeMap<>();
		for (SourceFile source : files) {
			String from = source.packageName();
			Map<String, String> edges = graph.computeIfAbsent(from, (key) -> new TreeMap<>());
			String[] lines = source.codeWithoutStrings().split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				String line = lines[i];
				if (PACKAGE.matcher(line).find()) {
					continue;
				}
				Set<String> targets = new LinkedHashSet<>();
				Matcher importMatcher = IMPORT.matcher(line);
				if (importMatcher.find()) {
					targets.add(importMatcher.group(2));
				}
				else {
					Matcher reference = QUALIFIED_REFERENCE.matcher(line);
					while (reference.find()) {
						targets.add(reference.group(1).replaceAll("\\s+", ""));
					}
				}
				for (String to : targets) {
					if (!to.equals(from)) {
						edges.putIfAbsent(to, source.location(i + 1));
						graph.computeIfAbsent(to, (key) -> new TreeMap<>());
					}
				}
			}
		}
		return graph;
	}

	/**
	 * Finds cycles with a depth-first search; each cycle is reported once, as the path
	 * from where the search entered it back to that package.
	 */
	private static List<List<String>> findCycles(Map<String, Map<String, String>> graph) {
		List<List<String>> cycles = new ArrayList<>();
		Set<String> done = new TreeSet<>();
		Deque<String> path = new ArrayDeque<>();
		Set<String> onPath = new LinkedHashSet<>();
		for (String start : graph.keySet()) {
			visit(start, graph, done, path, onPath, cycles);
		}
		return cycles;
	}

	private static void visit(String node, Map<String, Map<String, String>> graph, Set<String> done, Deque<String> path,
			Set<String> onPath, List<List<String>> cycles) {
		if (done.contains(node)) {
			return;
		}
		path.addLast(node);
		onPath.add(node);
		for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
			if (onPath.contains(next)) {
				List<String> cycle = new ArrayList<>();
				boolean inCycle = false;
				for (String step : path) {
					inCycle |= step.equals(next);
					if (inCycle) {
						cycle.add(step);
					}
				}
				cycle.add(next);
				cycles.add(cycle);
			}
			else {
				visit(next, graph, done, path, onPath, cycles);
			}
		}
		onPath.remove(node);
		path.removeLast();
		done.add(node);
	}

	private static String describe(List<List<String>> cycles, Map<String, Map<String, String>> graph) {
		StringBuilder message = new StringBuilder("SDK package dependency cycles:");
		for (List<String> cycle : cycles) {
			message.append("\n  ").append(String.join(" -> ", cycle));
			for (int i = 0; i + 1 < cycle.size(); i++) {
				message.append("\n    ")
					.append(cycle.get(i))
					.append(" -> ")
					.append(cycle.get(i + 1))
					.append(" at ")
					.append(graph.get(cycle.get(i)).get(cycle.get(i + 1)));
			}
		}
		return message.toString();
	}

	/**
	 * A source file with its comments blanked out (line breaks kept, so line numbers
	 * still match), once with string and character literals kept and once without.
	 */
	private record SourceFile(Path path, String packageName, String codeWithStrings, String codeWithoutStrings) {

		static SourceFile read(Path path) {
			try {
				return parse(path, Files.readString(path));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		static SourceFile parse(Path path, String text) {
			StringBuilder withStrings = new StringBuilder(text.length());
			StringBuilder withoutStrings = new StringBuilder(text.length());
			int i = 0;
			int n = text.length();
			while (i < n) {
				char c = text.charAt(i);
				if (text.startsWith("//", i)) {
					while (i < n && text.charAt(i) != '\n') {
						blank(text.charAt(i++), withStrings, withoutStrings);
					}
				}
				else if (text.startsWith("/*", i)) {
					int end = text.indexOf("*/", i + 2);
					end = (end < 0) ? n : end + 2;
					while (i < end) {
						blank(text.charAt(i++), withStrings, withoutStrings);
					}
				}
				else if (text.startsWith("\"\"\"", i)) {
					int end = text.indexOf("\"\"\"", i + 3);
					while (end > 0 && text.charAt(end - 1) == '\\') {
						end = text.indexOf("\"\"\"", end + 1);
					}
					end = (end < 0) ? n : end + 3;
					i = literal(text, i, end, withStrings, withoutStrings);
				}
				else if (c == '"' || c == '\'') {
					int end = i + 1;
					while (end < n && text.charAt(end) != c && text.charAt(end) != '\n') {
						end += (text.charAt(end) == '\\') ? 2 : 1;
					}
					i = literal(text, i, Math.min(end + 1, n), withStrings, withoutStrings);
				}
				else {
					withStrings.append(c);
					withoutStrings.append(c);
					i++;
				}
			}
			Matcher packageMatcher = PACKAGE.matcher(withoutStrings);
			String packageName = packageMatcher.find() ? packageMatcher.group(1) : "";
			return new SourceFile(path, packageName, withStrings.toString(), withoutStrings.toString());
		}

		private static void blank(char c, StringBuilder withStrings, StringBuilder withoutStrings) {
			char replacement = (c == '\n') ? '\n' : ' ';
			withStrings.append(replacement);
			withoutStrings.append(replacement);
		}

		private static int literal(String text, int from, int to, StringBuilder withStrings,
				StringBuilder withoutStrings) {
			for (int i = from; i < to; i++) {
				char c = text.charAt(i);
				withStrings.append(c);
				withoutStrings.append((c == '\n') ? '\n' : ' ');
			}
			return to;
		}

		String location(int line) {
			return this.path + ":" + line;
		}

	}

}
