package io.childproc.internal.tree;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;

/**
 * An application for {@link LeftoversTests}, run in a JVM of its own.
 * <ul>
 * <li>{@code run APPLICATION_ID}: starts a child whose shell has a child of its own, and
 * a second child; prints each as {@code PROCESS <pid> <start time> <name>} (so that the
 * test can end them whatever happens), then {@code READY}, and waits to be killed.</li>
 * <li>{@code restart APPLICATION_ID END}: starts the way an application does (a launcher,
 * then its process-tree monitor, with {@code childproc.leftovers.end} set to END), prints
 * each leftover the monitor found as {@code LEFTOVER <pid> <jvm pid> <root>}, and
 * exits.</li>
 * </ul>
 */
public final class LeftoversMain {

	private static final ProcessTable table = LinuxProcessTable.system();

	private static final long self = ProcessHandle.current().pid();

	private LeftoversMain() {
	}

	public static void main(String[] args) throws Exception {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withApplicationId(args[1]));
		if (args[0].equals("run")) {
			launcher.start("sh", "-c", "sleep 311 & wait");
			launcher.start("sleep", "312");
			report("shell", awaitDescendant("sh -c sleep 311 & wait"));
			report("grandchild", awaitDescendant("sleep 311"));
			report("child", awaitDescendant("sleep 312"));
			System.out.println("READY");
			System.out.flush();
			Thread.sleep(TimeUnit.MINUTES.toMillis(5));
			System.exit(1);
		}
		ProcessTreeMonitorSettings settings = new ProcessTreeMonitorSettings(Duration.ZERO, false, 25)
			.withEndLeftovers(Boolean.parseBoolean(args[2]), Duration.ofSeconds(2));
		try (ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(), settings)) {
			for (LeftoverProcess leftover : monitor.leftovers()) {
				System.out.println("LEFTOVER " + leftover.pid() + " " + leftover.jvmPid() + " " + leftover.root());
			}
		}
		launcher.close();
		System.out.println("DONE");
		System.exit(0);
	}

	private static void report(String name, ProcessInfo process) {
		System.out.println("PROCESS " + process.pid() + " " + process.startTime() + " " + name);
	}

	/** Waits until a descendant of the JVM runs the given command. */
	private static ProcessInfo awaitDescendant(String commandLine) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			List<ProcessInfo> found = table.descendants(self)
				.stream()
				.filter((process) -> process.commandLine().equals(commandLine))
				.toList();
			if (!found.isEmpty()) {
				return found.get(0);
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("No descendant of the JVM runs [" + commandLine + "] after 20 s");
	}

}
