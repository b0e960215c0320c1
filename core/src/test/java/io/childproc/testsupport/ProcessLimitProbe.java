package io.childproc.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.ChildProcess;
import io.childproc.ChildProcessStartException;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;

/**
 * Run under a process limit ({@code prlimit --nproc}): starts children until the
 * operating system refuses one, then frees a slot and starts again. Prints one line per
 * fact for the test to check.
 */
public final class ProcessLimitProbe {

	private ProcessLimitProbe() {
	}

	public static void main(String[] args) throws Exception {
		List<ChildProcess> children = new ArrayList<>();
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withReapInterval(Duration.ZERO).withShutdownGracePeriod(Duration.ZERO))) {
			String refusal = null;
			for (int i = 0; i < 500 && refusal == null; i++) {
				try {
					children.add(launcher.start("/bin/sleep", "60"));
				}
				catch (ChildProcessStartException ex) {
					refusal = ex.getMessage();
				}
			}
			System.out.println("STARTED " + children.size());
			System.out.println("REFUSED " + refusal);
			System.out.println("COUNTS " + launcher.counts());
			System.out.println("TRACKED " + launcher.children().size());
			// A child the JDK spawned but could not start a waiting thread for is killed
			// and reaped by the launcher:
			// no zombie is left to hold a slot.
			System.out.println("ZOMBIES " + zombieChildren());
			// Make room: end three children.
			for (ChildProcess child : children.subList(0, 3)) {
				child.terminate(Duration.ZERO);
				child.onExit().get();
			}
			ChildProcess again = launcher.start("/bin/sleep", "60");
			System.out.println("STARTED AGAIN " + again.pid());
			System.out.println("COUNTS " + launcher.counts());
		}
		System.out.println("CLOSED");
	}

	private static long zombieChildren() {
		return ProcessHandle.current().children().filter(ProcStat::isZombie).count();
	}

}
