package dev.telemetry.autoconfigure.jdbc;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The database a {@code DataSource} talks to, as the semantic conventions describe it:
 * {@code db.system.name}, {@code db.namespace}, {@code server.address} and
 * {@code server.port}. Read from the JDBC URL (never kept: it can hold credentials), with
 * the driver's product name as a fallback for the system.
 *
 * @param systemName the {@code db.system.name} value, {@code other_sql} when unknown
 * @param namespace the database name, or {@code null}
 * @param serverAddress the host, or {@code null} for embedded and in-memory databases
 * @param serverPort the port, or {@code -1} when the URL has none
 */
record DatabaseInfo(String systemName, @Nullable String namespace, @Nullable String serverAddress, int serverPort) {

	static final DatabaseInfo UNKNOWN = new DatabaseInfo("other_sql", null, null, -1);

	// JDBC sub-protocol, then db.system.name
	private static final String[][] SYSTEMS = { { "h2", "h2database" }, { "postgresql", "postgresql" },
			{ "pgsql", "postgresql" }, { "mysql", "mysql" }, { "mariadb", "mariadb" }, { "oracle", "oracle.db" },
			{ "sqlserver", "microsoft.sql_server" }, { "jtds", "microsoft.sql_server" }, { "db2", "ibm.db2" },
			{ "derby", "derby" }, { "hsqldb", "hsqldb" }, { "sqlite", "sqlite" }, { "firebirdsql", "firebirdsql" },
			{ "firebird", "firebirdsql" }, { "clickhouse", "clickhouse" }, { "ch", "clickhouse" }, { "trino", "trino" },
			{ "sap", "sap.hana" }, { "cockroachdb", "cockroachdb" } };

	// Lower-cased fragment of DatabaseMetaData.getDatabaseProductName(), then the
	// db.system.name it maps to
	private static final String[][] PRODUCTS = { { "h2", "h2database" }, { "postgresql", "postgresql" },
			{ "mysql", "mysql" }, { "mariadb", "mariadb" }, { "oracle", "oracle.db" },
			{ "microsoft sql server", "microsoft.sql_server" }, { "db2", "ibm.db2" }, { "derby", "derby" },
			{ "hsql", "hsqldb" }, { "sqlite", "sqlite" }, { "firebird", "firebirdsql" }, { "clickhouse", "clickhouse" },
			{ "trino", "trino" }, { "hdb", "sap.hana" } };

	// Sub-protocols of proxying drivers that prefix the real one: jdbc:p6spy:mysql:...
	private static final String[] WRAPPERS = { "tc", "p6spy", "log4jdbc", "otel", "tracing", "aws-wrapper" };

	/**
	 * Reads a JDBC URL.
	 * @param url the URL, or {@code null}
	 * @param productName the driver's product name, or {@code null}
	 * @return what could be learned; {@link #UNKNOWN} at worst
	 */
	static DatabaseInfo of(@Nullable String url, @Nullable String productName) {
		try {
			DatabaseInfo info = (url != null) ? fromUrl(url) : null;
			if (info != null && !info.systemName.equals(UNKNOWN.systemName)) {
				return info;
			}
			String system = fromProduct(productName);
			if (info != null) {
				return new DatabaseInfo(system, info.namespace, info.serverAddress, info.serverPort);
			}
			return new DatabaseInfo(system, null, null, -1);
		}
		catch (RuntimeException ex) {
			// A URL shape nobody expected must not break the connection.
			return UNKNOWN;
		}
	}

	private static @Nullable DatabaseInfo fromUrl(String url) {
		if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
			return null;
		}
		int start = 5;
		String protocol = segment(url, start);
		while (protocol != null && contains(WRAPPERS, protocol)) {
			start += protocol.length() + 1;
			protocol = segment(url, start);
		}
		if (protocol == null) {
			return null;
		}
		String rest = url.substring(start + protocol.length() + 1);
		String system = lookup(SYSTEMS, protocol);
		return switch (protocol) {
			case "h2", "hsqldb", "derby" -> embeddable(system, rest);
			case "sqlite" -> new DatabaseInfo(system, lastPathSegment(cut(rest, ";?")), null, -1);
			case "oracle" -> oracle(system, rest);
			case "sqlserver", "jtds" -> sqlServer(system, rest);
			default -> network(system, rest);
		};
	}

	/**
	 * {@code mem:name}, {@code file:path}, a bare path, or a network form such as
	 * {@code tcp://host:port/path/name}; properties after {@code ;} are ignored.
	 */
	private static DatabaseInfo embeddable(String system, String rest) {
		String withoutProperties = cut(rest, ";");
		int scheme = withoutProperties.indexOf("://");
		if (scheme >= 0 || withoutProperties.startsWith("//")) {
			DatabaseInfo server = network(system, withoutProperties.substring((scheme >= 0) ? scheme + 1 : 0));
			// The path names a database file on the server: its last segment is the name.
			String name = (server.namespace != null) ? lastPathSegment(server.namespace) : null;
			return new DatabaseInfo(system, name, server.serverAddress, server.serverPort);
		}
		return new DatabaseInfo(system, lastPathSegment(withoutProperties), null, -1);
	}

	/**
	 * {@code thin:@host:port:sid}, {@code thin:@//host:port/service} or a TNS descriptor
	 * (which yields nothing beyond the system).
	 */
	private static DatabaseInfo oracle(String system, String rest) {
		int at = rest.indexOf('@');
		String target = (at >= 0) ? rest.substring(at + 1) : rest;
		if (target.startsWith("//")) {
			return network(system, target);
		}
		if (target.startsWith("(")) {
			return new DatabaseInfo(system, null, null, -1);
		}
		String[] parts = new String[3];
		int count = 0;
		int from = 0;
		while (count < 3) {
			int colon = target.indexOf(':', from);
			parts[count++] = (colon < 0) ? target.substring(from) : target.substring(from, colon);
			if (colon < 0) {
				break;
			}
			from = colon + 1;
		}
		String host = emptyToNull(parts[0]);
		int port = (count > 1) ? port(parts[1]) : -1;
		String namespace = (count > 2) ? emptyToNull(parts[2]) : null;
		return new DatabaseInfo(system, namespace, host, port);
	}

	/**
	 * {@code //host\instance:port;databaseName=db;...} (jTDS:
	 * {@code sqlserver://host:port/db}).
	 */
	private static DatabaseInfo sqlServer(String system, String rest) {
		String target = rest;
		if (target.startsWith("sqlserver:")) {
			target = target.substring("sqlserver:".length());
		}
		int properties = target.indexOf(';');
		DatabaseInfo address = network(system, (properties >= 0) ? target.substring(0, properties) : target);
		String host = address.serverAddress;
		if (host != null && host.indexOf('\\') >= 0) {
			host = host.substring(0, host.indexOf('\\'));
		}
		String namespace = address.namespace;
		if (properties >= 0) {
			String database = property(target.substring(properties + 1), "databasename");
			if (database == null) {
				database = property(target.substring(properties + 1), "database");
			}
			if (database != null) {
				namespace = database;
			}
		}
		return new DatabaseInfo(system, namespace, host, address.serverPort);
	}

	/**
	 * {@code //[user[:password]@]host[:port][,host2...][/database][?...]}, or a bare
	 * database name ({@code jdbc:postgresql:db}).
	 */
	private static DatabaseInfo network(String system, String rest) {
		if (!rest.startsWith("//")) {
			int scheme = rest.indexOf("://");
			if (scheme < 0) {
				// jdbc:postgresql:database, jdbc:mysql:loadbalance://... handled above
				return new DatabaseInfo(system, emptyToNull(cut(rest, "?;")), null, -1);
			}
			rest = rest.substring(scheme + 1);
		}
		String afterSlashes = rest.substring(2);
		int authorityEnd = indexOfAny(afterSlashes, "/?;");
		String authority = (authorityEnd >= 0) ? afterSlashes.substring(0, authorityEnd) : afterSlashes;
		// Credentials come before the last '@'; they are dropped here and never stored.
		authority = authority.substring(authority.lastIndexOf('@') + 1);
		int comma = authority.indexOf(',');
		if (comma >= 0) {
			authority = authority.substring(0, comma);
		}
		String host;
		int port = -1;
		if (authority.startsWith("[")) {
			int close = authority.indexOf(']');
			host = (close > 0) ? authority.substring(1, close) : authority;
			if (close > 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
				port = port(authority.substring(close + 2));
			}
		}
		else {
			int colon = authority.lastIndexOf(':');
			host = (colon >= 0) ? authority.substring(0, colon) : authority;
			if (colon >= 0) {
				port = port(authority.substring(colon + 1));
			}
		}
		String namespace = null;
		if (authorityEnd >= 0 && afterSlashes.charAt(authorityEnd) == '/') {
			namespace = emptyToNull(cut(afterSlashes.substring(authorityEnd + 1), "?;"));
		}
		return new DatabaseInfo(system, namespace, emptyToNull(host), port);
	}

	private static String fromProduct(@Nullable String productName) {
		if (productName != null) {
			String lower = productName.toLowerCase(Locale.ROOT);
			for (String[] product : PRODUCTS) {
				if (lower.contains(product[0])) {
					return product[1];
				}
			}
		}
		return UNKNOWN.systemName;
	}

	private static @Nullable String segment(String url, int start) {
		int colon = url.indexOf(':', start);
		return (colon > start) ? url.substring(start, colon).toLowerCase(Locale.ROOT) : null;
	}

	private static String lookup(String[][] table, String key) {
		for (String[] entry : table) {
			if (entry[0].equals(key)) {
				return entry[1];
			}
		}
		return UNKNOWN.systemName;
	}

	private static boolean contains(String[] values, String value) {
		for (String candidate : values) {
			if (candidate.equals(value)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String lastPathSegment(String path) {
		int end = path.length();
		while (end > 0 && (path.charAt(end - 1) == '/' || path.charAt(end - 1) == '\\')) {
			end--;
		}
		int start = end;
		while (start > 0 && path.charAt(start - 1) != '/' && path.charAt(start - 1) != '\\'
				&& path.charAt(start - 1) != ':') {
			start--;
		}
		return emptyToNull(path.substring(start, end));
	}

	private static @Nullable String property(String properties, String lowerCaseName) {
		int from = 0;
		while (from < properties.length()) {
			int end = properties.indexOf(';', from);
			if (end < 0) {
				end = properties.length();
			}
			int equals = properties.indexOf('=', from);
			if (equals > from && equals < end
					&& properties.substring(from, equals).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
				return emptyToNull(properties.substring(equals + 1, end).trim());
			}
			from = end + 1;
		}
		return null;
	}

	private static String cut(String value, String terminators) {
		int end = indexOfAny(value, terminators);
		return (end >= 0) ? value.substring(0, end) : value;
	}

	private static int indexOfAny(String value, String characters) {
		for (int i = 0; i < value.length(); i++) {
			if (characters.indexOf(value.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static int port(String value) {
		int end = 0;
		while (end < value.length() && Character.isDigit(value.charAt(end))) {
			end++;
		}
		if (end == 0 || end > 5) {
			return -1;
		}
		int port = Integer.parseInt(value.substring(0, end));
		return (port > 0 && port <= 65535) ? port : -1;
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	// Written out rather than generated: a metric series is looked up by this record on
	// every statement, and the generated methods ran as uncompiled method-handle chains
	// there (run G's profile).
	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		return obj instanceof DatabaseInfo other && this.serverPort == other.serverPort
				&& this.systemName.equals(other.systemName) && Objects.equals(this.namespace, other.namespace)
				&& Objects.equals(this.serverAddress, other.serverAddress);
	}

	@Override
	public int hashCode() {
		int hash = this.systemName.hashCode();
		hash = 31 * hash + Objects.hashCode(this.namespace);
		hash = 31 * hash + Objects.hashCode(this.serverAddress);
		return 31 * hash + this.serverPort;
	}

}
