package io.childproc.internal.tree;

import io.childproc.internal.exit.ExitWatcher;
import org.jspecify.annotations.Nullable;

/**
 * A process whose whole tree is to be ended, with the watch that can signal it without
 * the risk of hitting a reused pid.
 *
 * @param handle the process
 * @param watch the watch of the launcher's exit watcher on it, or {@code null}; when its
 * {@link ExitWatcher.Watch#signal(int) signal} returns {@code false}, the process is
 * signalled through its handle
 */
public record TerminationRoot(ProcessHandle handle, ExitWatcher.@Nullable Watch watch) {

	/**
	 * Returns a root signalled only through its handle.
	 * @param handle the process
	 * @return the root
	 */
	public static TerminationRoot of(ProcessHandle handle) {
		return new TerminationRoot(handle, null);
	}

}
