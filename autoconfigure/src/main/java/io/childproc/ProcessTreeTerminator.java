package io.childproc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ends process trees: SIGTERM to every process, a grace period, then SIGKILL to what is left. Every signal goes
 * through a {@link ProcessHandle}, which the JDK only signals while the pid still has the start time it had when
 * the handle was taken, so a reused pid is never hit.
 */
final class ProcessTreeTerminator {

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private ProcessTreeTerminator() {
	}

	/**
	 * Ends the given roots and all their descendants.
	 * @param roots the processes whose trees to end
	 * @param grace how long to wait after SIGTERM
	 * @return whether every root has ended
	 */
	static boolean terminate(Collection<ProcessHandle> roots, Duration grace) {
		Map<Long, ProcessHandle> targets = new LinkedHashMap<>();
		for (ProcessHandle root : roots) {
			collect(root, targets);
		}
		boolean interrupted = false;
		try {
			if (!grace.isZero()) {
				targets.values().forEach(ProcessHandle::destroy);
				interrupted = !awaitEnd(targets, grace, roots);
			}
			if (anyRunning(targets.values())) {
				// Descendants forked during the grace period are caught here too.
				for (ProcessHandle handle : new ArrayList<>(targets.values())) {
					if (isRunning(handle)) {
						collect(handle, targets);
					}
				}
				targets.values().forEach(ProcessHandle::destroyForcibly);
				if (!interrupted) {
					interrupted = !awaitEnd(targets, KILL_WAIT, roots);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return roots.stream().noneMatch(ProcessTreeTerminator::isRunning);
	}

	private static void collect(ProcessHandle root, Map<Long, ProcessHandle> targets) {
		targets.putIfAbsent(root.pid(), root);
		try {
			root.descendants().forEach((handle) -> targets.putIfAbsent(handle.pid(), handle));
		}
		catch (RuntimeException ex) {
			// The tree cannot be read here (not Linux, or /proc hidden): the root is still ended.
		}
	}

	/**
	 * Waits until every target has ended.
	 * @return false when interrupted
	 */
	private static boolean awaitEnd(Map<Long, ProcessHandle> targets, Duration limit, Collection<ProcessHandle> roots) {
		long deadline = System.nanoTime() + limit.toNanos();
		long pause = 1;
		while (anyRunning(targets.values())) {
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

	private static boolean anyRunning(Collection<ProcessHandle> handles) {
		for (ProcessHandle handle : handles) {
			if (isRunning(handle)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the process still runs: alive and not a zombie (a zombie has ended; only its parent's wait is
	 * missing, and {@link ProcessHandle#isAlive()} still reports it alive).
	 */
	static boolean isRunning(ProcessHandle handle) {
		return handle.isAlive() && !isZombie(handle.pid());
	}

	static boolean isZombie(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
			int end = stat.lastIndexOf(')');
			return end > 0 && end + 2 < stat.length() && (stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X');
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	static List<ProcessHandle> handles(Collection<? extends ChildProcess> children) {
		List<ProcessHandle> handles = new ArrayList<>(children.size());
		children.forEach((child) -> handles.add(child.process().toHandle()));
		return handles;
	}

}
