package io.childproc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.tree.OrphanTerminator;
import io.childproc.internal.tree.ProcessTreeTerminator;
import io.childproc.internal.tree.TerminationRoot;

/**
 * Ends every live child's tree, the processes carrying the launcher's mark, and the
 * orphans the JVM adopted, at once (one SIGTERM to all, one grace period, one SIGKILL to
 * what is left, then the collections again after it), then waits for the exits to be seen
 * with one deadline for all.
 */
final class Shutdown {

	private static final System.Logger logger = System.getLogger(Shutdown.class.getName());

	/**
	 * How long after the grace period the SIGKILLed children may take to end and their
	 * exits to be seen, all together.
	 */
	static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private Shutdown() {
	}

	/** How long close() looks for zombies the JVM adopted while the trees ended. */
	static final Duration ADOPTED_ZOMBIES_WAIT = Duration.ofSeconds(1);

	/**
	 * Ends the children's trees, the marked processes and the adopted orphans.
	 * @param marked finds the processes carrying the launcher's mark; those already
	 * outside the trees are ended only when {@code killEscaped}, those that leave them
	 * during the termination always
	 * @param orphans finds the orphans the JVM adopted, ended with their trees and then
	 * reaped
	 * @param deadline when to stop waiting for the exits ({@link System#nanoTime()}), the
	 * grace period plus {@link #KILL_WAIT} after close began
	 */
	static void endAll(ProcessTreeTerminator terminator, List<TrackedChild> running, Supplier<List<ProcessInfo>> marked,
			boolean killEscaped, OrphanTerminator orphans, Duration grace, long deadline) {
		Set<Long> launched = new HashSet<>();
		running.forEach((child) -> launched.add(child.pid()));
		List<ProcessInfo> adopted = orphans.find(launched);
		List<ProcessInfo> escaped = killEscaped ? marked.get() : List.of();
		if (running.isEmpty() && escaped.isEmpty() && adopted.isEmpty()) {
			return;
		}
		logger.log(Level.INFO, () -> "Ending " + running.size() + " live child process tree(s)"
				+ (escaped.isEmpty() ? "" : ", " + escaped.size() + " process(es) carrying this launcher's mark")
				+ (adopted.isEmpty() ? "" : ", " + adopted.size() + " orphan(s) the JVM adopted") + " at shutdown");
		List<TerminationRoot> roots = new ArrayList<>(running.size() + adopted.size());
		running.forEach((child) -> roots.add(new TerminationRoot(child.process().toHandle(), child.watch())));
		adopted.forEach(
				(orphan) -> terminator.handleOf(orphan).ifPresent((handle) -> roots.add(TerminationRoot.of(handle))));
		// The terminator's first look is the one just taken: one environ scan less.
		AtomicBoolean first = new AtomicBoolean(killEscaped);
		terminator.terminate(roots, () -> first.getAndSet(false) ? escaped : marked.get(), killEscaped, grace);
		awaitExits(running, deadline);
		orphans.reapEnded();
		// What the JVM adopted while the trees ended (a helper that outlived its parent)
		// is reaped before close() returns, where the JVM is PID 1 or a subreaper.
		orphans.reapAdoptedZombies(launched, ADOPTED_ZOMBIES_WAIT);
	}

	/**
	 * Waits until every child's exit was seen (so that the reap after collects it), or
	 * the deadline has passed: one deadline for all.
	 */
	private static void awaitExits(List<TrackedChild> running, long deadline) {
		for (TrackedChild child : running) {
			try {
				if (!child.awaitExit(Math.max(0, deadline - System.nanoTime()))) {
					logger.log(Level.WARNING, () -> "The exit of " + child + " was not seen within the shutdown "
							+ "grace period plus " + KILL_WAIT + "; it stays tracked");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
