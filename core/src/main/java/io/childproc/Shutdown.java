package io.childproc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.os.ProcessInfo;
import io.childproc.os.ProcessTreeTerminator;

/**
 * Ends every live child's tree, and the escaped processes given, at once (one SIGTERM to
 * all, one grace period, one SIGKILL to what is left), then waits for the exits to be
 * seen with one deadline for all.
 */
final class Shutdown {

	private static final System.Logger logger = System.getLogger(DefaultProcessLauncher.class.getName());

	/**
	 * How long after SIGKILL the exits may take to be seen, for all children together.
	 */
	static final Duration EXIT_WAIT = Duration.ofSeconds(5);

	private Shutdown() {
	}

	static void endAll(ProcessTreeTerminator terminator, List<TrackedChild> running, List<ProcessInfo> escaped,
			Duration grace) {
		if (running.isEmpty() && escaped.isEmpty()) {
			return;
		}
		logger.log(Level.INFO, () -> "Ending " + running.size() + " live child process tree(s)"
				+ (escaped.isEmpty() ? "" : " and " + escaped.size() + " process(es) carrying this launcher's mark")
				+ " at shutdown");
		List<ProcessHandle> roots = new ArrayList<>(running.size());
		running.forEach((child) -> roots.add(child.process().toHandle()));
		terminator.terminate(roots, escaped, grace);
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
