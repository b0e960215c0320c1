package io.childproc.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ends process trees: SIGTERM to every process, a grace period, then SIGKILL to what is
 * left. A zombie counts as ended.
 * <p>
 * A pid is never signalled unless it is still the same process. Every signal goes through
 * a {@link ProcessHandle}, which the JDK only signals while the pid has the start time it
 * had when the handle was taken. A process read from {@code /proc} is turned into a
 * handle only after its start time was read again and found unchanged, so a pid reused by
 * another process since it was read is left alone.
 */
public final class ProcessTreeTerminator {

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private final ProcessTable table;

	/**
	 * Creates a terminator that finds descendants in the given table; when the table is
	 * {@linkplain ProcessTable#available() unavailable}, it asks
	 * {@link ProcessHandle#descendants()}.
	 * @param table the process table
	 */
	public ProcessTreeTerminator(ProcessTable table) {
		this.table = table;
	}

	/**
	 * Ends the given roots, all their descendants, and the other processes given.
	 * @param roots the processes whose trees to end
	 * @param others further processes to end with them (such as escaped descendants),
	 * each signalled only while its pid still has the start time read
	 * @param grace how long to wait after SIGTERM before SIGKILL; zero kills at once
	 * @return whether every root has ended
	 */
	public boolean terminate(Collection<ProcessHandle> roots, Collection<ProcessInfo> others, Duration grace) {
		Map<Long, ProcessHandle> targets = new LinkedHashMap<>();
		for (ProcessHandle root : roots) {
			collect(root, targets);
		}
		for (ProcessInfo other : others) {
			if (!targets.containsKey(other.pid())) {
				handleOf(other).ifPresent((handle) -> {
					targets.put(handle.pid(), handle);
					collect(handle, targets);
				});
			}
		}
		boolean interrupted = false;
		try {
			if (!grace.isZero()) {
				signal(targets.values(), false);
				interrupted = !awaitEnd(targets.values(), grace);
			}
			if (!interrupted && anyRunning(targets.values())) {
				// Descendants forked during the grace period are caught here too.
				for (ProcessHandle handle : new ArrayList<>(targets.values())) {
					if (isRunning(handle)) {
						collect(handle, targets);
					}
				}
				signal(targets.values(), true);
				interrupted = !awaitEnd(targets.values(), KILL_WAIT);
			}
			else if (interrupted) {
				signal(targets.values(), true);
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return roots.stream().noneMatch(this::isRunning);
	}

	/**
	 * Ends processes read from the table and their descendants; see
	 * {@link #terminate(Collection, Collection, Duration)}.
	 * @param processes the processes to end
	 * @param grace how long to wait after SIGTERM before SIGKILL
	 * @return how many of the processes were signalled (the others had ended or were no
	 * longer the same process)
	 */
	public int terminate(Collection<ProcessInfo> processes, Duration grace) {
		List<ProcessHandle> handles = new ArrayList<>();
		for (ProcessInfo process : processes) {
			handleOf(process).ifPresent(handles::add);
		}
		terminate(handles, List.of(), grace);
		return handles.size();
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

	private void collect(ProcessHandle root, Map<Long, ProcessHandle> targets) {
		targets.putIfAbsent(root.pid(), root);
		if (!root.isAlive()) {
			return;
		}
		if (this.table.available()) {
			for (ProcessInfo descendant : this.table.descendants(root.pid())) {
				if (!targets.containsKey(descendant.pid()) && !descendant.state().hasEnded()) {
					handleOf(descendant).ifPresent((handle) -> targets.put(handle.pid(), handle));
				}
			}
			return;
		}
		try {
			root.descendants().forEach((handle) -> targets.putIfAbsent(handle.pid(), handle));
		}
		catch (RuntimeException ex) {
			// The tree cannot be read here: the root is still ended.
		}
	}

	private void signal(Collection<ProcessHandle> handles, boolean force) {
		for (ProcessHandle handle : handles) {
			if (isRunning(handle)) {
				if (force) {
					handle.destroyForcibly();
				}
				else {
					handle.destroy();
				}
			}
		}
	}

	/**
	 * Waits until every target has ended.
	 * @return false when interrupted
	 */
	private boolean awaitEnd(Collection<ProcessHandle> targets, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		long pause = 1;
		while (anyRunning(targets)) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return true;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
			}
			catch (InterruptedException ex) {
				return false;
			}
			pause = Math.min(pause * 2, 50);
		}
		return true;
	}

	private boolean anyRunning(Collection<ProcessHandle> handles) {
		for (ProcessHandle handle : handles) {
			if (isRunning(handle)) {
				return true;
			}
		}
		return false;
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
