package io.childproc.testsupport.planted.internal.linux;

import io.childproc.testsupport.planted.PlantedLauncher;

/**
 * A reader at the bottom of the planted stack that imports the launcher above it: the
 * violation {@code CoreLayersTests} must find.
 */
public class UpArrowReader {

	/**
	 * Reads for the launcher.
	 * @param launcher the launcher above
	 * @return the launcher's owner
	 */
	public String read(PlantedLauncher launcher) {
		return PlantedLauncher.OWNER + launcher.hashCode();
	}

}
