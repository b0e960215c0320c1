package io.childproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.childproc.internal.natives.Natives;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The core's packages form one stack that only points down: the launcher and its API on
 * top, the process tree below it, exit watching below that, and the platform corner
 * (readers of {@code /proc} and cgroup files, native calls) at the bottom; metrics and
 * observation sit beside the launcher. No two top-level types refer to each other across
 * files. The one reflective lookup, {@link Natives} loading the JNA pidfd calls by name,
 * points down within its own package.
 * <p>
 * {@code docs/architecture.md} draws the same stack.
 */
class CoreLayersTests {

	static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.childproc");

	/**
	 * The stack, as the architecture page states it.
	 * @param root the package at the top of the stack
	 * @return the rule
	 */
	static ArchRule stack(String root) {
		return layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Metrics and observation")
			.definedBy(root + ".metrics..", root + ".observation..")
			.layer("Launcher and API")
			.definedBy(root)
			.layer("Process tree")
			.definedBy(root + ".internal.tree..")
			.layer("Exit watching")
			.definedBy(root + ".internal.exit..")
			.layer("Platform")
			.definedBy(root + ".internal.linux..", root + ".internal.natives..")
			.whereLayer("Metrics and observation")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Launcher and API")
			.mayOnlyBeAccessedByLayers("Metrics and observation")
			.whereLayer("Process tree")
			.mayOnlyBeAccessedByLayers("Launcher and API", "Metrics and observation")
			.whereLayer("Exit watching")
			.mayOnlyBeAccessedByLayers("Process tree", "Launcher and API")
			.whereLayer("Platform")
			.mayOnlyBeAccessedByLayers("Exit watching", "Process tree", "Launcher and API", "Metrics and observation");
	}

	@Test
	void everyArrowPointsDownTheStack() {
		stack("io.childproc").check(CORE);
	}

	@Test
	void anArrowBackUpIsFound() {
		// A reader of /proc that imports the launcher's package: planted in the test
		// sources.
		JavaClasses planted = new ClassFileImporter().importPackages("io.childproc.testsupport.planted");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> stack("io.childproc.testsupport.planted").check(planted))
			.withMessageContaining("UpArrowReader")
			.withMessageContaining("PlantedLauncher");
		assertThat(mutualReferences(planted)).containsExactly(
				"io.childproc.testsupport.planted.PlantedLauncher <-> io.childproc.testsupport.planted.internal.linux.UpArrowReader");
	}

	@Test
	void noTwoTopLevelTypesReferToEachOther() {
		assertThat(mutualReferences(CORE)).isEmpty();
	}

	@Test
	void everyCorePackageIsNullMarked() {
		Set<String> packages = new TreeSet<>();
		CORE.forEach((type) -> packages.add(type.getPackageName()));
		assertThat(packages).hasSizeGreaterThanOrEqualTo(7)
			.allSatisfy((name) -> assertThat(isNullMarked(name)).as(name).isTrue());
	}

	private static boolean isNullMarked(String packageName) {
		try {
			return Class.forName(packageName + ".package-info").isAnnotationPresent(NullMarked.class);
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * Returns each pair of top-level types that depend on each other (nested types count
	 * as their outer type), as "A <-> B".
	 * @param classes the classes
	 * @return the pairs
	 */
	static List<String> mutualReferences(JavaClasses classes) {
		Set<String> edges = new TreeSet<>();
		for (JavaClass type : classes) {
			String from = topLevel(type);
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				String to = topLevel(dependency.getTargetClass());
				if (!from.equals(to) && to.startsWith("io.childproc.")) {
					edges.add(from + " -> " + to);
				}
			}
		}
		List<String> pairs = new ArrayList<>();
		for (String edge : edges) {
			String[] ends = edge.split(" -> ");
			if (ends[0].compareTo(ends[1]) < 0 && edges.contains(ends[1] + " -> " + ends[0])) {
				pairs.add(ends[0] + " <-> " + ends[1]);
			}
		}
		return pairs;
	}

	private static String topLevel(JavaClass type) {
		JavaClass outer = type;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		return outer.getName();
	}

}
