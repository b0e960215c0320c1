package io.childproc;

import java.io.IOException;

/**
 * A child could not be started. The message names the program and says what was wrong and
 * what to do.
 */
public class ChildProcessStartException extends IOException {

	private static final long serialVersionUID = 1L;

	public ChildProcessStartException(String message) {
		super(message);
	}

	public ChildProcessStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
