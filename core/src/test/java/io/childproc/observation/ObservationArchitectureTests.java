package io.childproc.observation;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.childproc.testsupport.MainClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Observations stay free of Spring and of micrometer-core, so that an application
 * with the Observation API alone (tracing without metrics) can use them.
 */
class ObservationArchitectureTests {

	private final JavaClasses classes = MainClasses.of("io.childproc.observation");

	@Test
	void observationsDependOnNeitherSpringNorMicrometerCore() {
		noClasses().that()
			.resideInAPackage("io.childproc.observation")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer.core..")
			.check(this.classes);
	}

}
