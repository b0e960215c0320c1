package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;

/**
 * Ends process trees: SIGTERM to every process, a grace period, then SIGKILL to what is
 * left. A zombie counts as ended.
 * <p>
 * <b>Nothing spawned during termination escapes.</b> After the grace period the trees and
 * the marked processes are collected again, and everything found is killed; after the
 * kill they are collected once more, and killed again until two collections 100 ms apart
 * find nothing running (at most {@value #KILL_ROUNDS} kill rounds; the second look
 * catches a process that was in the middle of {@code exec}, whose environment reads empty
 * for that moment). So a process that a child starts in reaction to SIGTERM
 * ({@code trap 'cleanup &' TERM}) is ended even when its parent has exited and it was
 * reparented away from the tree: it still carries the child's mark.
 * <p>
 * <b>A pid is never signalled unless it is still the same process.</b> A root that comes
 * with an {@link ExitWatcher.Watch} is signalled through it first (a pidfd, which cannot
 * refer to another process); every other signal goes through a {@link ProcessHandle},
 * which the JDK only signals while the pid has the start time it had when the handle was
 * taken. A process read from {@code /proc} is turned into a handle only after its start
 * time was read again and found unchanged, so a pid reused by another process since it
 * was read is left alone.
 * <p>
 * <b>What the JVM adopted is reaped</b> before a termination returns, where the JVM is
 * PID 1 or a subreaper: see {@link AdoptedZombies}.
 */
public final class ProcessTreeTerminator {

	/** How many times processes found after a kill are killed in turn. */
	public static final int KILL_ROUNDS = 3;

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final Duration QUIET_LOOK = Duration.ofMillis(100);

	private final ProcessTable table;

	private final ProcessHandles handles;

	/**
	 * Creates a terminator that finds descendants in the given table; when the table is
	 * {@linkplain ProcessTable#available() unavailable}, it asks
	 * {@link ProcessHandle#descendants()}.
	 * @param table the process table
	 */
	public ProcessTreeTerminator(ProcessTable table) {
		this.handles = new ProcessHandles(table);
		this.table = table;
	}

	/**
	 * Ends the given roots with all their descendants, and the processes that carry their
	 * marks.
	 * <p>
	 * The marked processes are asked for three times: before SIGTERM, after the grace
	 * period, and after each kill. A marked process that was already outside the roots'
	 * trees before SIGTERM escaped earlier on purpose ({@code setsid}, {@code nohup}): it
	 * is ended only when {@code endEarlierEscapees} is set, and so are the descendants it
	 * has then. Every other marked process found later (it left the tree or was started
	 * during the termination) is ended in any case.
	 * @param roots the processes whose trees to end, each with the watch to signal it
	 * through, if any
	 * @param marked finds the processes that carry the roots' marks; asked several times
	 * @param endEarlierEscapees whether to end the marked processes found outside the
	 * trees before SIGTERM
	 * @param grace how long to wait after SIGTERM before SIGKILL; zero kills at once
	 * @return whether every root has ended
	 */
	public boolean terminate(Collection<TerminationRoot> roots, Supplier<? extends Collection<ProcessInfo>> marked,
			boolean endEarlierEscapees, Duration grace) {
		TerminationTargets targets = new TerminationTargets(this.table, this.handles);
		for (TerminationRoot root : roots) {
			targets.add(root.handle(), root.watch(), null);
		}
		end(targets, marked, endEarlierEscapees, grace);
		return roots.stream().noneMatch((root) -> isRunning(root.handle()));
	}

	private void end(TerminationTargets targets, Supplier<? extends Collection<ProcessInfo>> marked,
			boolean endEarlierEscapees, Duration grace) {
		List<ProcessInfo> leftAlone = new ArrayList<>();
		collect(targets, marked, endEarlierEscapees, leftAlone);
		boolean interrupted = false;
		try {
			if (!grace.isZero()) {
				targets.signal(false);
				interrupted = !awaitEnd(targets, grace);
			}
			interrupted = interrupted || !killUntilQuiet(targets, marked, leftAlone);
			if (interrupted) {
				// No more waiting: one last look, and SIGKILL to everything.
				collectAgain(targets, marked, leftAlone);
				targets.signal(true);
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			targets.adopted.reap();
		}
	}

	/**
	 * Collects the roots, their trees and the marked processes outside them (ended only
	 * when {@code endEarlierEscapees}, else left alone).
	 */
	private void collect(TerminationTargets targets, Supplier<? extends Collection<ProcessInfo>> marked,
			boolean endEarlierEscapees, List<ProcessInfo> leftAlone) {
		targets.collectTrees();
		int before = targets.size();
		for (ProcessInfo process : marked.get()) {
			if (!targets.contains(process)) {
				if (endEarlierEscapees) {
					handleOf(process).ifPresent((handle) -> targets.add(handle, null, process));
				}
				else {
					leftAlone.add(process);
				}
			}
		}
		if (targets.size() > before) {
			// The escapees' own descendants.
			targets.collectTrees();
		}
	}

	/**
	 * Kills what runs until two looks a moment apart find nothing; false if interrupted.
	 */
	private boolean killUntilQuiet(TerminationTargets targets, Supplier<? extends Collection<ProcessInfo>> marked,
			List<ProcessInfo> leftAlone) {
		int round = 0;
		boolean quietOnce = false;
		while (round < KILL_ROUNDS) {
			collectAgain(targets, marked, leftAlone);
			if (!targets.anyRunning()) {
				if (quietOnce) {
					return true;
				}
				// Mid-exec, an environment reads empty: look once more, a moment later.
				quietOnce = true;
				if (!pause(QUIET_LOOK)) {
					return false;
				}
				continue;
			}
			quietOnce = false;
			targets.signal(true);
			if (!awaitEnd(targets, KILL_WAIT)) {
				return false;
			}
			round++;
		}
		return true;
	}

	/**
	 * Ends the given roots, all their descendants, and the other processes given, which
	 * are not looked for again; see
	 * {@link #terminate(Collection, Supplier, boolean, Duration)}.
	 * @param roots the processes whose trees to end
	 * @param others further processes to end with them (such as escaped descendants),
	 * each signalled only while its pid still has the start time read
	 * @param grace how long to wait after SIGTERM before SIGKILL; zero kills at once
	 * @return whether every root has ended
	 */
	public boolean terminate(Collection<ProcessHandle> roots, Collection<ProcessInfo> others, Duration grace) {
		List<TerminationRoot> withoutWatch = new ArrayList<>(roots.size());
		roots.forEach((root) -> withoutWatch.add(new TerminationRoot(root, null)));
		List<ProcessInfo> fixed = List.copyOf(others);
		return terminate(withoutWatch, () -> fixed, true, grace);
	}

	/**
	 * Ends processes read from the table and their descendants; see
	 * {@link #terminate(Collection, Supplier, boolean, Duration)}.
	 * @param processes the processes to end
	 * @param grace how long to wait after SIGTERM before SIGKILL
	 * @return how many of the processes were signalled (the others had ended or were no
	 * longer the same process)
	 */
	public int terminate(Collection<ProcessInfo> processes, Duration grace) {
		TerminationTargets targets = new TerminationTargets(this.table, this.handles);
		for (ProcessInfo process : processes) {
			handleOf(process).ifPresent((handle) -> targets.add(handle, null, process));
		}
		int signalled = targets.size();
		end(targets, List::of, true, grace);
		return signalled;
	}

	/**
	 * Returns a handle on the process read, only while it is still the same process; see
	 * {@link ProcessHandles#handleOf(ProcessInfo)}.
	 * @param process the process as read
	 * @return the handle, or empty when the process ended, became a zombie, or the pid
	 * now names another process
	 */
	public Optional<ProcessHandle> handleOf(ProcessInfo process) {
		return this.handles.handleOf(process);
	}

	private void collectAgain(TerminationTargets targets, Supplier<? extends Collection<ProcessInfo>> marked,
			List<ProcessInfo> leftAlone) {
		targets.collectTrees();
		Set<Long> spared = spared(leftAlone);
		boolean added = false;
		for (ProcessInfo process : marked.get()) {
			if (!targets.contains(process) && !spared.contains(process.pid())) {
				Optional<ProcessHandle> handle = handleOf(process);
				handle.ifPresent((found) -> targets.add(found, null, process));
				added |= handle.isPresent();
			}
		}
		if (added) {
			targets.collectTrees();
		}
	}

	/**
	 * Returns the pids of the escapees left alone that still run, with their descendants:
	 * a daemon left alone keeps the workers it forks meanwhile.
	 */
	private Set<Long> spared(List<ProcessInfo> leftAlone) {
		Set<Long> spared = new HashSet<>();
		for (ProcessInfo escapee : leftAlone) {
			Optional<ProcessInfo> now = this.table.process(escapee.pid());
			if (now.isPresent() && now.get().isSameProcessAs(escapee)) {
				spared.add(escapee.pid());
				this.table.descendants(escapee.pid()).forEach((descendant) -> spared.add(descendant.pid()));
			}
		}
		return spared;
	}

	/**
	 * Sleeps.
	 * @return false when interrupted
	 */
	private static boolean pause(Duration time) {
		try {
			TimeUnit.NANOSECONDS.sleep(time.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	/**
	 * Waits until every target has ended.
	 * @return false when interrupted
	 */
	private boolean awaitEnd(TerminationTargets targets, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		long pause = 1;
		while (targets.anyRunning()) {
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

	/**
	 * Whether the process still runs: alive and not a zombie; see
	 * {@link ProcessHandles#isRunning(ProcessHandle)}.
	 * @param handle the process
	 * @return whether it runs
	 */
	public boolean isRunning(ProcessHandle handle) {
		return this.handles.isRunning(handle);
	}

}
