package io.childproc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.childproc.os.ProcessInfo;
import io.childproc.os.ProcessTreeTerminator;
import io.childproc.os.ProcessTreeTerminator.Root;

/**
 * Ends every live child's tree, the processes carrying the launcher's mark, and the
 * orphans the JVM adopted, at once (one SIGTERM to all, one grace period, one SIGKILL to
 * what is left, then the collections again after it), then waits for the exits to be seen
 * with one deadline for all.
 */
final class Shutdown {

	private static final System.Logger logger = System.getLogger(DefaultProcessLauncher.class.getName());

	/**
	 * How long after SIGKILL the exits may take to be seen, for all children together.
	 */
	static final Duration EXIT_WAIT = Duration.ofSeconds(5);

	private Shutdown() {
	}

	/**
	 * Ends the children's trees, the marked processes and the adopted orphans.
	 * @param marked finds the processes carrying the launcher's mark; those already
	 * outside the trees are ended only when {@code killEscaped}, those that leave them
	 * during the termination always
	 * @param adopted the orphans the JVM adopted, ended with their trees
	 */
	static void endAll(ProcessTreeTerminator terminator, List<TrackedChild> running, Supplier<List<ProcessInfo>> marked,
			boolean killEscaped, List<ProcessInfo> adopted, Duration grace) {
		List<ProcessInfo> escaped = killEscaped ? marked.get() : List.of();
		if (running.isEmpty() && escaped.isEmpty() && adopted.isEmpty()) {
			return;
		}
		logger.log(Level.INFO, () -> "Ending " + running.size() + " live child process tree(s)"
				+ (escaped.isEmpty() ? "" : ", " + escaped.size() + " process(es) carrying this launcher's mark")
				+ (adopted.isEmpty() ? "" : ", " + adopted.size() + " orphan(s) the JVM adopted") + " at shutdown");
		List<Root> roots = new ArrayList<>(running.size() + adopted.size());
		running.forEach((child) -> roots.add(new Root(child.process().toHandle(), child.watch())));
		adopted.forEach((orphan) -> terminator.handleOf(orphan).ifPresent((handle) -> roots.add(Root.of(handle))));
		terminator.terminate(roots, marked, killEscaped, grace);
		awaitExits(running);
	}

	/**
	 * Waits until every child's exit was seen (so that the reap after collects it), or
	 * {@link #EXIT_WAIT} has passed: one deadline for all.
	 */
	private static void awaitExits(List<TrackedChild> running) {
		long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
		for (TrackedChild child : running) {
			try {
				if (!child.awaitExit(Math.max(0, deadline - System.nanoTime()))) {
					logger.log(Level.WARNING, () -> "The exit of " + child + " was not seen within " + EXIT_WAIT
							+ " of the shutdown's SIGKILL; it stays tracked");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
