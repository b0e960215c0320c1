package io.childproc.os;

/**
 * The environment variables that mark every child a launcher starts, so that its
 * descendants can be recognised after they left the process tree.
 */
public final class ProcessMarks {

	/** The variable naming the launcher instance. */
	public static final String OWNER_VARIABLE = "CHILDPROC_OWNER";

	/** The variable naming the child, unique within its launcher. */
	public static final String CHILD_VARIABLE = "CHILDPROC_CHILD";

	private ProcessMarks() {
	}

}
