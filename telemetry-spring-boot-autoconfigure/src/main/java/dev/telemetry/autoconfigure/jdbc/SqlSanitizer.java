package dev.telemetry.autoconfigure.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Reads SQL texts once into {@link ParsedSql}: literals replaced by {@code ?}, parameter
 * markers detected, and the operation and collection found for the span name.
 * <p>
 * Implementation: one left-to-right pass over the characters with no regular expression
 * and no backtracking, so the cost is linear in the text's length whatever its content.
 * Replaced are string literals (with {@code ''} and backslash escapes, and {@code N'..'},
 * {@code E'..'}, {@code X'..'}, {@code B'..'}, {@code U&'..'} prefixes), PostgreSQL
 * dollar-quoted strings, numbers (integer, decimal, exponent, {@code 0x} hex) and the
 * booleans {@code TRUE} and {@code FALSE}. Kept as written are identifiers (plain,
 * {@code "quoted"} or {@code `quoted`}, so {@code t1} keeps its digit), comments,
 * parameter markers and everything else. An unterminated literal is replaced to the end
 * of the text, erring towards hiding.
 * <p>
 * Texts of prepared statements are usually constants, so their results are cached
 * (bounded); texts of plain statements usually carry literals that differ on every call
 * and are parsed each time without polluting the cache.
 * <p>
 * Thread-safe. Never throws.
 */
final class SqlSanitizer {

	static final int CACHE_SIZE = 1024;

	private static final String[] OPERATIONS = { "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE",
			"CALL", "EXEC", "EXECUTE", "CREATE", "DROP", "ALTER", "TRUNCATE", "WITH" };

	private final Map<String, ParsedSql> cache = new ConcurrentHashMap<>();

	/**
	 * Parses a prepared statement's text, from the cache when seen before.
	 * @param sql the text
	 * @return the parsed text
	 */
	ParsedSql parsePrepared(String sql) {
		ParsedSql parsed = this.cache.get(sql);
		if (parsed == null) {
			parsed = parse(sql);
			if (this.cache.size() < CACHE_SIZE) {
				this.cache.putIfAbsent(sql, parsed);
			}
		}
		return parsed;
	}

	int cacheSize() {
		return this.cache.size();
	}

	/**
	 * Parses a text.
	 * @param sql the text
	 * @return the parsed text
	 */
	static ParsedSql parse(String sql) {
		return new Pass(sql).run();
	}

	/**
	 * One pass over one text; not thread-safe, used once.
	 */
	private static final class Pass {

		private final String sql;

		private final int length;

		private @Nullable StringBuilder out;

		// sql[0, copied) is already in out (when out is not null)
		private int copied;

		private boolean parameterized;

		private int depth;

		private final Statement statement = new Statement();

		Pass(String sql) {
			this.sql = sql;
			this.length = sql.length();
		}

		ParsedSql run() {
			int i = 0;
			while (i < this.length) {
				char c = this.sql.charAt(i);
				char next = (i + 1 < this.length) ? this.sql.charAt(i + 1) : '\0';
				if (Character.isWhitespace(c)) {
					i++;
				}
				else if (c == '-' && next == '-') {
					i = lineEnd(i + 2);
				}
				else if (c == '/' && next == '*') {
					int close = this.sql.indexOf("*/", i + 2);
					i = (close < 0) ? this.length : close + 2;
				}
				else if (c == '\'') {
					i = replaceLiteral(i, quoted(i, '\'', true));
				}
				else if (c == '"' || c == '`') {
					int end = quoted(i, c, false);
					this.statement.word(this.sql, i, end, true, this.depth);
					i = end;
				}
				else if (c == '$') {
					i = dollar(i);
				}
				else if (c == '?') {
					this.parameterized = true;
					i++;
				}
				else if (c == ':' && next == ':') {
					i += 2;
				}
				else if (c == ':' && isIdentifierStart(next)) {
					this.parameterized = true;
					i = identifierEnd(i + 1);
				}
				else if (isDigit(c) || (c == '.' && isDigit(next))) {
					i = replaceLiteral(i, numberEnd(i));
				}
				else if (isIdentifierStart(c)) {
					i = word(i);
				}
				else {
					punctuation(c);
					i++;
				}
			}
			String sanitized = (this.out != null) ? this.out.append(this.sql, this.copied, this.length).toString()
					: this.sql;
			return this.statement.toParsed(this.sql, sanitized, this.parameterized);
		}

		private int word(int start) {
			int end = identifierEnd(start);
			int wordLength = end - start;
			if (end < this.length && this.sql.charAt(end) == '\'' && isLiteralPrefix(start, wordLength)) {
				return replaceLiteral(start, quoted(end, '\'', true));
			}
			if (wordLength == 1 && end + 1 < this.length && this.sql.charAt(end) == '&'
					&& this.sql.charAt(end + 1) == '\'' && (c(start) == 'U' || c(start) == 'u')) {
				return replaceLiteral(start, quoted(end + 1, '\'', true));
			}
			if (isKeyword(start, wordLength, "TRUE") || isKeyword(start, wordLength, "FALSE")) {
				return replaceLiteral(start, end);
			}
			this.statement.word(this.sql, start, end, false, this.depth);
			return end;
		}

		private boolean isLiteralPrefix(int start, int wordLength) {
			if (wordLength != 1) {
				return false;
			}
			char prefix = Character.toUpperCase(this.sql.charAt(start));
			return prefix == 'N' || prefix == 'E' || prefix == 'X' || prefix == 'B';
		}

		private boolean isKeyword(int start, int wordLength, String keyword) {
			return wordLength == keyword.length() && this.sql.regionMatches(true, start, keyword, 0, wordLength);
		}

		private char c(int index) {
			return (index < this.length) ? this.sql.charAt(index) : '\0';
		}

		private void punctuation(char c) {
			if (c == '(') {
				this.statement.punctuation(c, this.depth);
				this.depth++;
			}
			else if (c == ')') {
				this.depth = Math.max(0, this.depth - 1);
				this.statement.punctuation(c, this.depth);
			}
			else {
				this.statement.punctuation(c, this.depth);
			}
		}

		private int replaceLiteral(int start, int end) {
			StringBuilder builder = this.out;
			if (builder == null) {
				builder = new StringBuilder(this.length);
				this.out = builder;
			}
			builder.append(this.sql, this.copied, start).append('?');
			this.copied = end;
			this.statement.literal(this.depth);
			return end;
		}

		/**
		 * Returns the index after the quoted section starting at {@code start}: doubled
		 * quotes and, in literals, backslash escapes stay inside; unterminated sections
		 * run to the end.
		 */
		private int quoted(int start, char quote, boolean backslashEscapes) {
			int i = start + 1;
			while (i < this.length) {
				char c = this.sql.charAt(i);
				if (backslashEscapes && c == '\\') {
					i += 2;
				}
				else if (c == quote) {
					if (i + 1 < this.length && this.sql.charAt(i + 1) == quote) {
						i += 2;
					}
					else {
						return i + 1;
					}
				}
				else {
					i++;
				}
			}
			return this.length;
		}

		/**
		 * A {@code $}: a positional parameter ({@code $1}), a dollar-quoted string
		 * ({@code $$...$$} or {@code $tag$...$tag$}), or a lone character.
		 */
		private int dollar(int start) {
			int i = start + 1;
			if (i < this.length && isDigit(this.sql.charAt(i))) {
				this.parameterized = true;
				while (i < this.length && isDigit(this.sql.charAt(i))) {
					i++;
				}
				return i;
			}
			int tagEnd = i;
			while (tagEnd < this.length && isIdentifierPart(this.sql.charAt(tagEnd))
					&& this.sql.charAt(tagEnd) != '$') {
				tagEnd++;
			}
			if (tagEnd < this.length && this.sql.charAt(tagEnd) == '$') {
				String tag = this.sql.substring(start, tagEnd + 1);
				int close = this.sql.indexOf(tag, tagEnd + 1);
				return replaceLiteral(start, (close < 0) ? this.length : close + tag.length());
			}
			return start + 1;
		}

		private int numberEnd(int start) {
			int i = start;
			if (this.sql.charAt(i) == '0' && i + 1 < this.length
					&& (this.sql.charAt(i + 1) == 'x' || this.sql.charAt(i + 1) == 'X')) {
				i += 2;
				while (i < this.length && Character.digit(this.sql.charAt(i), 16) >= 0) {
					i++;
				}
				return i;
			}
			while (i < this.length && (isDigit(this.sql.charAt(i)) || this.sql.charAt(i) == '.')) {
				i++;
			}
			if (i < this.length && (this.sql.charAt(i) == 'e' || this.sql.charAt(i) == 'E')) {
				int exponent = i + 1;
				if (exponent < this.length && (this.sql.charAt(exponent) == '+' || this.sql.charAt(exponent) == '-')) {
					exponent++;
				}
				if (exponent < this.length && isDigit(this.sql.charAt(exponent))) {
					i = exponent;
					while (i < this.length && isDigit(this.sql.charAt(i))) {
						i++;
					}
				}
			}
			return i;
		}

		private int identifierEnd(int start) {
			int i = start;
			while (i < this.length && isIdentifierPart(this.sql.charAt(i))) {
				i++;
			}
			return i;
		}

		private int lineEnd(int start) {
			int i = start;
			while (i < this.length && this.sql.charAt(i) != '\n' && this.sql.charAt(i) != '\r') {
				i++;
			}
			return i;
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

		private static boolean isIdentifierStart(char c) {
			return Character.isLetter(c) || c == '_';
		}

		private static boolean isIdentifierPart(char c) {
			return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
		}

	}

	/**
	 * Follows the top-level structure of the statement to find its operation and its one
	 * table (or procedure). Deliberately conservative: a second table anywhere at the top
	 * level (a join, a comma-separated list, {@code USING}, {@code INSERT ... SELECT},
	 * {@code UPDATE ... FROM}, a compound query, common table expressions) leaves the
	 * collection out rather than guessing, as the semantic conventions ask.
	 */
	private static final class Statement {

		private enum State {

			/** Before the operation keyword. */
			START,
			/** After {@code WITH}: waiting for the main statement's keyword. */
			WITH,
			/**
			 * Waiting for the keyword that introduces the name ({@code FROM},
			 * {@code TABLE}).
			 */
			INTRO,
			/** The next name is the table or procedure. */
			NAME,
			/** After a name part: a dot continues the name. */
			AFTER_NAME,
			/** After a dot in a name. */
			NAME_PART,
			/** The name is known; watching for a second table. */
			REST,
			/** Nothing more to learn. */
			DONE

		}

		private static final String[] NAME_MODIFIERS = { "TABLE", "INTO", "FROM", "ONLY", "IF", "NOT", "EXISTS",
				"IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "QUICK", "IMMEDIATE" };

		private static final String[] TABLE_MODIFIERS = { "GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "CACHED", "MEMORY",
				"UNLOGGED", "OR", "REPLACE", "EXTERNAL", "VIRTUAL" };

		private static final String[] CLAUSE_ENDS = { "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH",
				"FOR", "WINDOW", "QUALIFY", "SET", "VALUES", "ON", "RETURNING", "KEY", "DEFAULT" };

		private static final String[] SECOND_TABLE = { "JOIN", "USING", "UNION", "INTERSECT", "EXCEPT", "MINUS",
				"SELECT", "FROM" };

		private static final String[] MAIN_STATEMENTS = { "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE" };

		private State state = State.START;

		private @Nullable String operation;

		private boolean procedure;

		private boolean ambiguous;

		private boolean clauseEnded;

		private boolean afterSemicolon;

		private boolean multiple;

		private int nameStart = -1;

		private int nameEnd = -1;

		/**
		 * A word (keyword or name).
		 * @param quoted whether the word was a quoted identifier
		 * @param depth the parenthesis depth it sits at
		 */
		void word(String sql, int start, int end, boolean quoted, int depth) {
			if (this.afterSemicolon) {
				this.multiple = true;
				this.state = State.DONE;
			}
			switch (this.state) {
				case START -> start(sql, start, end, quoted);
				case WITH -> {
					String keyword = (quoted || depth > 0) ? null : keyword(sql, start, end, MAIN_STATEMENTS);
					if (keyword != null) {
						this.operation = keyword;
						// The main statement reads the common table expressions as well.
						this.state = State.DONE;
					}
				}
				case INTRO -> {
					if (depth == 0 && !quoted) {
						intro(sql, start, end);
					}
				}
				case NAME -> {
					if (depth == 0 && (quoted || !isAny(sql, start, end, NAME_MODIFIERS))) {
						this.nameStart = start;
						this.nameEnd = end;
						this.state = State.AFTER_NAME;
					}
				}
				case NAME_PART -> {
					this.nameEnd = end;
					this.state = State.AFTER_NAME;
				}
				case AFTER_NAME, REST -> {
					this.state = State.REST;
					if (depth == 0 && !quoted) {
						rest(sql, start, end);
					}
				}
				default -> {
				}
			}
		}

		private void start(String sql, int start, int end, boolean quoted) {
			String keyword = quoted ? null : keyword(sql, start, end, OPERATIONS);
			if (keyword == null) {
				this.state = State.DONE;
				return;
			}
			this.operation = keyword;
			switch (keyword) {
				case "WITH" -> {
					this.operation = null;
					this.state = State.WITH;
				}
				case "SELECT", "CREATE", "DROP", "ALTER" -> this.state = State.INTRO;
				case "CALL", "EXEC", "EXECUTE" -> {
					this.procedure = true;
					this.state = State.NAME;
				}
				default -> this.state = State.NAME;
			}
		}

		private void intro(String sql, int start, int end) {
			if ("SELECT".equals(this.operation)) {
				if (is(sql, start, end, "FROM")) {
					this.state = State.NAME;
				}
				else if (isAny(sql, start, end, SECOND_TABLE)) {
					this.ambiguous = true;
				}
				return;
			}
			// DDL: only tables are collections (CREATE TABLE t, not CREATE INDEX i ON t).
			if (is(sql, start, end, "TABLE")) {
				this.state = State.NAME;
			}
			else if (!isAny(sql, start, end, TABLE_MODIFIERS)) {
				this.state = State.DONE;
			}
		}

		private void rest(String sql, int start, int end) {
			if (isAny(sql, start, end, CLAUSE_ENDS)) {
				this.clauseEnded = true;
			}
			else if (isAny(sql, start, end, SECOND_TABLE)) {
				this.ambiguous = true;
				this.state = State.DONE;
			}
		}

		/**
		 * A punctuation character.
		 * @param depth the depth of the level it sits at (for parentheses, the level
		 * outside them)
		 */
		void punctuation(char c, int depth) {
			if (depth == 0 && c == ';') {
				this.afterSemicolon = true;
				return;
			}
			switch (this.state) {
				case NAME -> {
					if (c == '(' && depth == 0) {
						// A subquery or a value list where the name would be.
						this.state = State.DONE;
					}
				}
				case AFTER_NAME -> {
					if (c == '.') {
						this.state = State.NAME_PART;
					}
					else {
						this.state = State.REST;
						restPunctuation(c, depth);
					}
				}
				case NAME_PART -> this.state = State.REST;
				case REST -> restPunctuation(c, depth);
				default -> {
				}
			}
		}

		private void restPunctuation(char c, int depth) {
			if (c == ',' && depth == 0 && !this.clauseEnded && !this.procedure) {
				this.ambiguous = true;
				this.state = State.DONE;
			}
		}

		/**
		 * A literal, already replaced.
		 */
		void literal(int depth) {
			if (this.afterSemicolon) {
				this.multiple = true;
				this.state = State.DONE;
			}
			if (this.state == State.NAME && depth == 0) {
				this.state = State.DONE;
			}
			else if (this.state == State.AFTER_NAME || this.state == State.NAME_PART) {
				this.state = State.REST;
			}
		}

		ParsedSql toParsed(String original, String sanitized, boolean parameterized) {
			String operation = this.multiple ? null : this.operation;
			String name = null;
			if (operation != null && !this.ambiguous && this.nameStart >= 0) {
				name = original.substring(this.nameStart, this.nameEnd);
			}
			String collection = this.procedure ? null : name;
			String procedureName = this.procedure ? name : null;
			String summary = (operation == null) ? null : (name != null) ? operation + " " + name : operation;
			return new ParsedSql(original, sanitized, parameterized, operation, collection, procedureName, summary);
		}

		private static @Nullable String keyword(String sql, int start, int end, String[] keywords) {
			int length = end - start;
			for (String keyword : keywords) {
				if (keyword.length() == length && sql.regionMatches(true, start, keyword, 0, length)) {
					return keyword;
				}
			}
			return null;
		}

		private static boolean isAny(String sql, int start, int end, String[] keywords) {
			return keyword(sql, start, end, keywords) != null;
		}

		private static boolean is(String sql, int start, int end, String keyword) {
			return keyword.length() == end - start && sql.regionMatches(true, start, keyword, 0, end - start);
		}

	}

}
