package io.childproc.internal.exit;

/**
 * Learns that a child started through {@link ProcessBuilder} has exited and says so,
 * once, to the launcher. The launcher uses one watcher for all its children; two kinds
 * exist: {@code jdk}, on top of {@link Process#onExit()}, which works everywhere, and
 * {@code pidfd}, one thread waiting on the children's pidfds on Linux 5.3 and later,
 * which starts no thread per exit and can signal a child with no risk of hitting a reused
 * pid.
 * <p>
 * A watcher never runs code of the application's: the callback it is given is the
 * launcher's own bookkeeping, which hands user-facing work (listeners' heavy parts,
 * {@code onExit()} stages) to other threads.
 */
public interface ExitWatcher extends AutoCloseable {

	/**
	 * Names the watcher, for logs, the endpoint and the health details.
	 * @return {@code "jdk"} or {@code "pidfd"}
	 */
	String name();

	/**
	 * Starts watching a child that was just started.
	 * @param process the child
	 * @param exited called once the child has exited and {@link Process#exitValue()} can
	 * be read without blocking; called on the watcher's thread, or on the caller's when
	 * the child has already exited; it must not block
	 * @return a handle on the watched child
	 */
	Watch watch(Process process, Runnable exited);

	/** Stops watching; callbacks not yet made are not made. */
	@Override
	void close();

	/**
	 * A watched child.
	 */
	interface Watch {

		/**
		 * Sends a signal to the child itself, through a handle that cannot refer to
		 * another process (a pidfd).
		 * @param signal the signal number (15 for SIGTERM, 9 for SIGKILL)
		 * @return {@code true} when it was sent that way; {@code false} when this watcher
		 * holds no such handle (the caller then signals by pid, after checking the start
		 * time) or the child has already exited
		 */
		boolean signal(int signal);

	}

}
