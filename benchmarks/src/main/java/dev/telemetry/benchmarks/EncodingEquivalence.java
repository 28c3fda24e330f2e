package dev.telemetry.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Decodes the request bytes of both encoders and requires the same fields.
 * <p>
 * What is not a difference of encoding is normalised first: OpenTelemetry's attributes
 * are sorted by key while this SDK keeps them in the order they were set (OTLP attaches
 * no meaning to the order of a repeated {@code KeyValue}); this SDK sets the W3C level-2
 * {@code random} trace flag (0x02) on the traces it starts, which OpenTelemetry Java does
 * not; and an unset status with no message may be sent as an empty message or left out,
 * which protobuf readers treat alike.
 */
public final class EncodingEquivalence {

	private static final int RANDOM_FLAG = 0x02;

	private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

	private EncodingEquivalence() {
	}

	/**
	 * Checks that two encoded requests carry the same data.
	 * @param ours this project's bytes
	 * @param otel OpenTelemetry's bytes
	 * @return the decoded request, normalised
	 * @throws IOException if either does not parse
	 * @throws IllegalStateException if they differ
	 */
	public static ExportTraceServiceRequest check(byte[] ours, byte[] otel) throws IOException {
		ExportTraceServiceRequest a = normalise(ExportTraceServiceRequest.parseFrom(ours));
		ExportTraceServiceRequest b = normalise(ExportTraceServiceRequest.parseFrom(otel));
		if (!a.equals(b)) {
			throw new IllegalStateException("The encoders disagree: " + firstDifference(a, b));
		}
		return a;
	}

	static ExportTraceServiceRequest normalise(ExportTraceServiceRequest request) {
		ExportTraceServiceRequest.Builder builder = request.toBuilder();
		for (ResourceSpans.Builder resource : builder.getResourceSpansBuilderList()) {
			List<KeyValue> resourceAttributes = sorted(resource.getResource().getAttributesList());
			resource.getResourceBuilder().clearAttributes().addAllAttributes(resourceAttributes);
			for (ScopeSpans.Builder scope : resource.getScopeSpansBuilderList()) {
				for (Span.Builder span : scope.getSpansBuilderList()) {
					span.setFlags(span.getFlags() & ~RANDOM_FLAG);
					if (span.getStatus().equals(Status.getDefaultInstance())) {
						span.clearStatus();
					}
					List<KeyValue> attributes = sorted(span.getAttributesList());
					span.clearAttributes().addAllAttributes(attributes);
				}
			}
		}
		return builder.build();
	}

	private static List<KeyValue> sorted(List<KeyValue> attributes) {
		List<KeyValue> copy = new ArrayList<>(attributes);
		copy.sort(BY_KEY);
		return copy;
	}

	private static String firstDifference(ExportTraceServiceRequest a, ExportTraceServiceRequest b) {
		if (a.getResourceSpansCount() != b.getResourceSpansCount()) {
			return "resource spans " + a.getResourceSpansCount() + " vs " + b.getResourceSpansCount();
		}
		for (int r = 0; r < a.getResourceSpansCount(); r++) {
			ResourceSpans ra = a.getResourceSpans(r);
			ResourceSpans rb = b.getResourceSpans(r);
			if (!ra.getResource().equals(rb.getResource())) {
				return "resource\nours: " + ra.getResource() + "\notel: " + rb.getResource();
			}
			if (ra.getScopeSpansCount() != rb.getScopeSpansCount()) {
				return "scope spans " + ra.getScopeSpansCount() + " vs " + rb.getScopeSpansCount();
			}
			for (int s = 0; s < ra.getScopeSpansCount(); s++) {
				ScopeSpans sa = ra.getScopeSpans(s);
				ScopeSpans sb = rb.getScopeSpans(s);
				if (!sa.getScope().equals(sb.getScope()) || !sa.getSchemaUrl().equals(sb.getSchemaUrl())) {
					return "scope\nours: " + sa.getScope() + sa.getSchemaUrl() + "\notel: " + sb.getScope()
							+ sb.getSchemaUrl();
				}
				if (sa.getSpansCount() != sb.getSpansCount()) {
					return "spans " + sa.getSpansCount() + " vs " + sb.getSpansCount();
				}
				for (int i = 0; i < sa.getSpansCount(); i++) {
					if (!sa.getSpans(i).equals(sb.getSpans(i))) {
						return "span " + i + "\nours: " + sa.getSpans(i) + "\notel: " + sb.getSpans(i);
					}
				}
			}
			if (!ra.getSchemaUrl().equals(rb.getSchemaUrl())) {
				return "resource schema url " + ra.getSchemaUrl() + " vs " + rb.getSchemaUrl();
			}
		}
		return "somewhere";
	}

}
