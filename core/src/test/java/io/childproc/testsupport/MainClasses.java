package io.childproc.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The main classes (no test class) of some packages, for the architecture tests.
 */
public final class MainClasses {

	private MainClasses() {
	}

	/**
	 * Imports the main classes of packages and their subpackages.
	 * @param packages the packages
	 * @return their main classes
	 */
	public static JavaClasses of(String... packages) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(packages);
	}

}
