package io.childproc;

/**
 * Hears of each child's life in a launcher. Methods are called on the thread that caused
 * the event and must be quick; one that throws is logged and ignored.
 */
public interface ChildProcessListener {

	/**
	 * Called once a child was started and is tracked.
	 * @param child the child
	 */
	default void started(ChildProcess child) {
	}

	/**
	 * Called once a child's exit was seen, before it is reaped.
	 * @param child the child
	 */
	default void exited(ChildProcess child) {
	}

	/**
	 * Called once a child was reaped.
	 * @param record what is kept of it
	 */
	default void reaped(ExitRecord record) {
	}

	/**
	 * Called when a start failed.
	 * @param command the command that could not be started
	 * @param failure why
	 */
	default void startFailed(java.util.List<String> command, Throwable failure) {
	}

}
