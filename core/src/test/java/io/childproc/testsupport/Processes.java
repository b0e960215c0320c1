package io.childproc.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.tree.ProcessTreeTerminator;

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
