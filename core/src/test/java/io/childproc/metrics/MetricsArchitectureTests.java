package io.childproc.metrics;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.childproc.testsupport.MainClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The binder stays free of Spring, so that a plain Micrometer application can use it.
 */
class MetricsArchitectureTests {

	private final JavaClasses classes = MainClasses.of("io.childproc.metrics");

	@Test
	void metricsDependOnNoSpring() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.because("ChildProcessMetrics must be usable with Micrometer alone")
			.check(this.classes);
	}

}
