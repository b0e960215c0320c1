package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import org.jspecify.annotations.Nullable;

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

	private static final int SIGTERM = 15;

	private static final int SIGKILL = 9;

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final Duration QUIET_LOOK = Duration.ofMillis(100);

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
		Targets targets = new Targets();
		for (TerminationRoot root : roots) {
			targets.add(root.handle(), root.watch(), null);
		}
		end(targets, marked, endEarlierEscapees, grace);
		return roots.stream().noneMatch((root) -> isRunning(root.handle()));
	}

	private void end(Targets targets, Supplier<? extends Collection<ProcessInfo>> marked, boolean endEarlierEscapees,
			Duration grace) {
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
	private void collect(Targets targets, Supplier<? extends Collection<ProcessInfo>> marked,
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
	private boolean killUntilQuiet(Targets targets, Supplier<? extends Collection<ProcessInfo>> marked,
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
		Targets targets = new Targets();
		for (ProcessInfo process : processes) {
			handleOf(process).ifPresent((handle) -> targets.add(handle, null, process));
		}
		int signalled = targets.size();
		end(targets, List::of, true, grace);
		return signalled;
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

	private void collectAgain(Targets targets, Supplier<? extends Collection<ProcessInfo>> marked,
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
	private boolean awaitEnd(Targets targets, Duration limit) {
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

	/** The processes being ended, by pid, in the order found. */
	private final class Targets {

		private final Map<Long, Target> byPid = new LinkedHashMap<>();

		private final AdoptedZombies adopted = new AdoptedZombies(ProcessTreeTerminator.this.table);

		/** Adds a process to end, with what the table said of it if it was read there. */
		void add(ProcessHandle handle, ExitWatcher.@Nullable Watch watch, @Nullable ProcessInfo read) {
			Target known = this.byPid.get(handle.pid());
			// A target that has ended may have left its pid to a new process.
			if (known == null || (!known.handle.isAlive() && handle.isAlive())) {
				this.byPid.put(handle.pid(), new Target(handle, watch));
			}
			if (read != null) {
				this.adopted.note(read);
			}
		}

		int size() {
			return this.byPid.size();
		}

		boolean contains(ProcessInfo process) {
			Target known = this.byPid.get(process.pid());
			return known != null && known.handle.isAlive();
		}

		/**
		 * Adds the descendants of every target that still runs, from one read of the
		 * process table for all of them.
		 */
		void collectTrees() {
			List<ProcessHandle> running = new ArrayList<>();
			for (Target target : this.byPid.values()) {
				if (target.handle.isAlive()) {
					running.add(target.handle);
				}
			}
			if (running.isEmpty()) {
				return;
			}
			ProcessTable table = ProcessTreeTerminator.this.table;
			if (table.available()) {
				List<Long> pids = new ArrayList<>(running.size());
				running.forEach((handle) -> pids.add(handle.pid()));
				for (List<ProcessInfo> descendants : table.descendants(pids).values()) {
					for (ProcessInfo descendant : descendants) {
						if (descendant.state().hasEnded()) {
							this.adopted.note(descendant);
						}
						else if (!contains(descendant)) {
							handleOf(descendant).ifPresent((handle) -> add(handle, null, descendant));
						}
					}
				}
				return;
			}
			for (ProcessHandle root : running) {
				try {
					root.descendants().forEach((handle) -> add(handle, null, null));
				}
				catch (RuntimeException ex) {
					// The tree cannot be read here: the root is still ended.
				}
			}
		}

		void signal(boolean force) {
			for (Target target : this.byPid.values()) {
				if (target.watch != null && target.watch.signal(force ? SIGKILL : SIGTERM)) {
					continue;
				}
				if (isRunning(target.handle)) {
					if (force) {
						target.handle.destroyForcibly();
					}
					else {
						target.handle.destroy();
					}
				}
			}
		}

		boolean anyRunning() {
			for (Target target : this.byPid.values()) {
				if (isRunning(target.handle)) {
					return true;
				}
			}
			return false;
		}

	}

	private record Target(ProcessHandle handle, ExitWatcher.@Nullable Watch watch) {
	}

}
