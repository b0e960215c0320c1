package io.childproc;

/**
 * Hears of each child's life in a launcher. For each child the calls come in order, one
 * at a time: {@code started}, {@code exited}, {@code reaped}, whichever threads saw what.
 * {@code started} is called on the thread that started the child; {@code exited} on a
 * launcher callback thread ({@code childproc-callbacks}), never on the thread that
 * watches exits; {@code reaped} on the thread that reaped, unless that child's
 * {@code exited} is still being delivered elsewhere (it then follows on that thread).
 * Methods must be quick; one that throws is logged and ignored.
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
