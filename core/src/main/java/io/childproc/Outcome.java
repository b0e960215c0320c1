package io.childproc;

/**
 * How a child ended.
 */
public enum Outcome {

	/** Exit code 0. */
	SUCCESS,

	/** A non-zero exit code of 128 or less. */
	FAILURE,

	/**
	 * Killed by a signal: the JDK reports signal N as exit code 128+N. A program that
	 * calls {@code exit(128+N)} itself cannot be told apart.
	 */
	SIGNALED,

	/** Its timeout passed and the launcher ended its process tree. */
	TIMEOUT;

	/**
	 * Returns the outcome of an exit code.
	 * @param exitCode the code the JDK reported
	 * @param timedOut whether the launcher ended the child because its timeout passed
	 * @return the outcome
	 */
	public static Outcome of(int exitCode, boolean timedOut) {
		if (timedOut) {
			return TIMEOUT;
		}
		if (exitCode == 0) {
			return SUCCESS;
		}
		return (exitCode > 128 && exitCode < 128 + 65) ? SIGNALED : FAILURE;
	}

}
