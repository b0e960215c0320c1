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
 * seen: all within one deadline, the grace period plus {@link #KILL_WAIT}.
 */
final class Shutdown {

	private static final System.Logger logger = System.getLogger(DefaultProcessLauncher.class.getName());

	/**
	 * How long after the grace period the SIGKILLed children may take to end and their
	 * exits to be seen, all together.
	 */
	static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private Shutdown() {
	}

	/**
	 * Ends the children and the escaped processes.
	 * @param deadline when to stop waiting for the exits ({@link System#nanoTime()}), the
	 * grace period plus {@link #KILL_WAIT} after close began
	 */
	static void endAll(ProcessTreeTerminator terminator, List<TrackedChild> running, List<ProcessInfo> escaped,
			Duration grace, long deadline) {
		if (running.isEmpty() && escaped.isEmpty()) {
			return;
		}
		logger.log(Level.INFO, () -> "Ending " + running.size() + " live child process tree(s)"
				+ (escaped.isEmpty() ? "" : " and " + escaped.size() + " process(es) carrying this launcher's mark")
				+ " at shutdown");
		List<ProcessHandle> roots = new ArrayList<>(running.size());
		running.forEach((child) -> roots.add(child.process().toHandle()));
		terminator.terminate(roots, escaped, grace);
		awaitExits(running, deadline);
	}

	/**
	 * Waits until every child's exit was seen (so that the reap after collects it), or
	 * the deadline has passed.
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
