package io.childproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.childproc.testsupport.MainClasses;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core stays free of Spring and Micrometer, so that it can be used alone, and stays
 * made of small parts.
 */
class CoreArchitectureTests {

	private static final Path SOURCES = Path.of("src/main/java/io/childproc");

	private final JavaClasses classes = MainClasses.of("io.childproc");

	@Test
	void coreDependsOnNeitherSpringNorMicrometer() {
		noClasses().that()
			.resideInAnyPackage("io.childproc", "io.childproc.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..")
			.because("the core must be usable without Spring")
			.check(this.classes);
	}

	@Test
	void coreDoesNotDependOnTheSpringParts() {
		noClasses().that()
			.resideInAnyPackage("io.childproc", "io.childproc.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.childproc.autoconfigure..", "io.childproc.actuate..", "io.childproc.health..",
					"io.childproc.metrics..")
			.check(this.classes);
	}

	@Test
	void noCoreSourceFileIsOver400Lines() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<String> tooLong = files.filter((file) -> file.toString().endsWith(".java"))
				// LauncherSettings is one immutable value and its builder: it grows by
				// one
				// getter, one with-method and one builder method per setting, not by
				// jobs.
				.filter((file) -> lines(file) > (file.endsWith("LauncherSettings.java") ? 480 : 400))
				.map((file) -> file + " (" + lines(file) + " lines)")
				.toList();
			assertThat(tooLong).as("split them by job").isEmpty();
		}
	}

	@Test
	void theLauncherPackageIsNullMarked() {
		assertThat(DefaultProcessLauncher.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
	}

	private static long lines(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
