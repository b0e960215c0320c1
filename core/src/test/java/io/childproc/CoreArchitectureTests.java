package io.childproc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The core stays free of Spring and Micrometer, so that it can be used alone.
 */
class CoreArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.childproc");

	@Test
	void coreDependsOnNeitherSpringNorMicrometer() {
		noClasses().that()
			.resideInAnyPackage("io.childproc", "io.childproc.os..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..")
			.because("the core must be usable without Spring")
			.check(this.classes);
	}

	@Test
	void coreDoesNotDependOnTheSpringParts() {
		noClasses().that()
			.resideInAnyPackage("io.childproc", "io.childproc.os..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.childproc.autoconfigure..", "io.childproc.actuate..", "io.childproc.health..",
					"io.childproc.metrics..")
			.check(this.classes);
	}

}
