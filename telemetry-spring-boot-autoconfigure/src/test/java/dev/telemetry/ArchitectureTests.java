package dev.telemetry;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.telemetry.sdk.internal.HttpGrammar;
import dev.telemetry.sdk.internal.Redaction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules of {@code docs/architecture.md}, checked on the compiled classes
 * of both modules. The SDK module cannot see Spring or Micrometer at compile time; these
 * rules keep what the compiler cannot: package cycles, where protobuf types may appear,
 * and that the glue does not reach into the SDK's internals.
 */
class ArchitectureTests {

	/**
	 * The SDK internals the glue may use: one mask for secrets wherever they are shown.
	 */
	// Redaction: one mask for secrets everywhere. HttpGrammar: the OTEL_* header parser
	// checks header names against the same token rule as the exporter builders.
	private static final List<Class<?>> GLUE_MAY_USE = List.of(Redaction.class, HttpGrammar.class);

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		// The SDK arrives as a directory in the IDE and as a jar in a reactor build; its
		// test jar is left out.
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption((location) -> !location.contains("-tests.jar"))
			.importPackages("dev.telemetry");
	}

	@Test
	void importsBothWorlds() {
		assertThat(classes.containPackage("dev.telemetry.sdk.trace")).isTrue();
		assertThat(classes.containPackage("dev.telemetry.autoconfigure.trace")).isTrue();
	}

	@Test
	void sdkDoesNotDependOnSpringMicrometerOrTheGlue() {
		noClasses().that()
			.resideInAPackage("dev.telemetry.sdk..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..", "dev.telemetry.autoconfigure..")
			.check(classes);
	}

	@Test
	void sdkPackagesHaveNoCycles() {
		slices().matching("dev.telemetry.sdk.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void autoconfigurePackagesHaveNoCycles() {
		slices().matching("dev.telemetry.autoconfigure.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void glueDoesNotUseTheSdkInternalsExceptWhereListed() {
		noClasses().that()
			.resideInAPackage("dev.telemetry.autoconfigure..")
			.should()
			.dependOnClassesThat(resideInAPackage("dev.telemetry.sdk.internal..")
				.and(not(belongToAnyOf(GLUE_MAY_USE.toArray(new Class<?>[0])))))
			.check(classes);
	}

	@Test
	void protobufTypesStayInTheOtlpExporter() {
		noClasses().that()
			.resideOutsideOfPackage("dev.telemetry.sdk.export.otlp..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.opentelemetry.proto..", "com.google.protobuf..", "io.grpc..")
			.check(classes);
	}

}
