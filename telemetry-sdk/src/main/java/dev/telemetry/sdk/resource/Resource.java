package dev.telemetry.sdk.resource;

import java.net.InetAddress;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Describes the entity producing telemetry: {@code service.name},
 * {@code service.version}, {@code deployment.environment.name}, host, process and SDK
 * identity. Immutable.
 *
 * @since 0.1.0
 */
public final class Resource {

	/** The SDK name reported as {@code telemetry.sdk.name}. */
	public static final String SDK_NAME = "telemetry-spring-boot-starter";

	/** The service name used when none is configured, as OpenTelemetry specifies. */
	public static final String UNKNOWN_SERVICE_NAME = "unknown_service:java";

	private static final Resource EMPTY = new Resource(Attributes.empty());

	private final Attributes attributes;

	private Resource(Attributes attributes) {
		this.attributes = attributes;
	}

	/**
	 * Returns a resource with the given attributes.
	 * @param attributes the attributes
	 * @return the resource
	 */
	public static Resource create(Attributes attributes) {
		return new Resource(Objects.requireNonNull(attributes, "attributes"));
	}

	/**
	 * Returns the empty resource.
	 * @return the empty resource
	 */
	public static Resource empty() {
		return EMPTY;
	}

	/**
	 * Returns what the SDK detects by itself: {@code service.name=unknown_service:java},
	 * the {@code telemetry.sdk.*} identity, {@code host.name} and {@code process.pid}.
	 * @return the detected resource
	 */
	public static Resource detect() {
		AttributesBuilder builder = Attributes.builder();
		builder.put("service.name", UNKNOWN_SERVICE_NAME);
		builder.put("telemetry.sdk.name", SDK_NAME);
		builder.put("telemetry.sdk.language", "java");
		builder.put("telemetry.sdk.version", sdkVersion());
		String host = hostName();
		if (host != null) {
			builder.put("host.name", host);
		}
		builder.put("process.pid", ProcessHandle.current().pid());
		return new Resource(builder.build());
	}

	/**
	 * Returns a resource holding this resource's attributes overridden by the other's.
	 * @param other the resource whose attributes win
	 * @return the merged resource
	 */
	public Resource merge(Resource other) {
		if (other.attributes.isEmpty()) {
			return this;
		}
		return new Resource(Attributes.builder().putAll(this.attributes).putAll(other.attributes).build());
	}

	/**
	 * Returns the attributes.
	 * @return the attributes
	 */
	public Attributes getAttributes() {
		return this.attributes;
	}

	private static String sdkVersion() {
		String version = Resource.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0-SNAPSHOT";
	}

	private static @Nullable String hostName() {
		String fromEnv = System.getenv("HOSTNAME");
		if (fromEnv != null && !fromEnv.isBlank()) {
			return fromEnv;
		}
		try {
			// Only the local name; no reverse lookup that could block start-up.
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return null;
		}
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof Resource other) && this.attributes.asMap().equals(other.attributes.asMap());
	}

	@Override
	public int hashCode() {
		return this.attributes.asMap().hashCode();
	}

	@Override
	public String toString() {
		return "Resource" + this.attributes;
	}

}
