package io.childproc.internal.tree;

import java.util.Optional;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;

/**
 * Handles on processes read from the process table, taken so that a reused pid is never
 * signalled, and whether a handle's process still runs.
 */
public final class ProcessHandles {

	private final ProcessTable table;

	/**
	 * @param table where processes are read again
	 */
	public ProcessHandles(ProcessTable table) {
		this.table = table;
	}

	/**
	 * Returns a handle on the process read, only while its pid still has the start time
	 * read. The handle is taken first and the start time checked after: if both match,
	 * the handle's own start time is that of the same process, and the JDK refuses to
	 * signal it once the pid is reused.
	 * @param process the process as read
	 * @return the handle, or empty when the process ended, became a zombie, or the pid
	 * now names another process
	 */
	public Optional<ProcessHandle> handleOf(ProcessInfo process) {
		Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
		if (handle.isEmpty()) {
			return handle;
		}
		if (!this.table.available()) {
			return Optional.empty();
		}
		Optional<ProcessInfo> now = this.table.process(process.pid());
		if (now.isEmpty() || !now.get().isSameProcessAs(process) || now.get().state().hasEnded()) {
			return Optional.empty();
		}
		return handle;
	}

	/**
	 * Whether the process still runs: alive and not a zombie
	 * ({@link ProcessHandle#isAlive()} reports a zombie alive, though it has ended and
	 * only its parent's wait is missing).
	 * @param handle the process
	 * @return whether it runs
	 */
	public boolean isRunning(ProcessHandle handle) {
		if (!handle.isAlive()) {
			return false;
		}
		Optional<ProcessInfo> info = this.table.process(handle.pid());
		return info.isEmpty() || !info.get().state().hasEnded();
	}

}
