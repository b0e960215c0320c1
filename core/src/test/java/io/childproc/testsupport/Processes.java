package io.childproc.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeTerminator;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Helpers for tests that start real processes.
 */
public final class Processes {

	public static final ProcessTable table = LinuxProcessTable.system();

	private Processes() {
	}

	public static void assumeLinux() {
		assumeThat(table.available())
			.as("the process tree can only be read on Linux with /proc (this is %s)", System.getProperty("os.name"))
			.isTrue();
	}

	/**
	 * Whether the process read before has ended: gone, a zombie, or its pid now names
	 * another process.
	 */
	public static boolean hasEnded(ProcessInfo process) {
		return table.process(process.pid())
			.map((now) -> !now.isSameProcessAs(process) || now.state().hasEnded())
			.orElse(true);
	}

	public static boolean allEnded(List<ProcessInfo> processes) {
		return processes.stream().allMatch(Processes::hasEnded);
	}

	/**
	 * A launcher that gives its children 2 s of grace when it ends them, at shutdown and
	 * on terminate, so that a test that fails ends quickly.
	 */
	public static DefaultProcessLauncher launcherWithShortGrace() {
		return new DefaultProcessLauncher(LauncherSettings.defaults()
			.withShutdownGracePeriod(Duration.ofSeconds(2))
			.withTerminateGracePeriod(Duration.ofSeconds(2)));
	}

	/**
	 * Closes a test's monitor and launcher, then kills what still carries the launcher's
	 * owner mark.
	 * @param monitor the monitor of the launcher's children
	 * @param launcher the launcher, or {@code null} when the test was skipped before it
	 * was made
	 */
	public static void closeAndKillMarked(ProcessTreeMonitor monitor, @Nullable DefaultProcessLauncher launcher) {
		if (launcher != null) {
			monitor.close();
			launcher.close();
			killMarked(launcher.ownerId());
		}
	}

	/**
	 * Kills, without grace, every process that still carries the owner mark: the safety
	 * net of each test.
	 */
	public static void killMarked(String ownerId) {
		List<ProcessInfo> left = new ArrayList<>();
		table.findByEnvironment(Mark.OWNER_VARIABLE, ownerId, null).forEach((marked) -> left.add(marked.process()));
		if (!left.isEmpty()) {
			new ProcessTreeTerminator(table).terminate(left, Duration.ZERO);
		}
	}

}
