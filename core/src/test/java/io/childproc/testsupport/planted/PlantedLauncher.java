package io.childproc.testsupport.planted;

import io.childproc.testsupport.planted.internal.linux.UpArrowReader;

/**
 * A launcher of the planted stack that {@code CoreLayersTests} must reject: it uses a
 * reader that points back up at it.
 */
public class PlantedLauncher {

	/** The owner id the reader asks for. */
	public static final String OWNER = "planted";

	/**
	 * Reads through the reader.
	 * @return what it read
	 */
	public String read() {
		return new UpArrowReader().read(this);
	}

}
