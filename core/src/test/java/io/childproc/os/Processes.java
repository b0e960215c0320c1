package io.childproc.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Helpers for tests that start real processes.
 */
final class Processes {

	static final ProcessTable table = ProcessTable.system();

	private Processes() {
	}

	static void assumeLinux() {
		assumeThat(table.available())
			.as("the process tree can only be read on Linux with /proc (this is %s)", System.getProperty("os.name"))
			.isTrue();
	}

	/**
	 * Whether the process read before has ended: gone, a zombie, or its pid now names
	 * another process.
	 */
	static boolean hasEnded(ProcessInfo process) {
		return table.process(process.pid())
			.map((now) -> !now.isSameProcessAs(process) || now.state().hasEnded())
			.orElse(true);
	}

	static boolean allEnded(List<ProcessInfo> processes) {
		return processes.stream().allMatch(Processes::hasEnded);
	}

	/**
	 * Kills, without grace, every process that still carries the owner mark: the safety
	 * net of each test.
	 */
	static void killMarked(String ownerId) {
		List<ProcessInfo> left = new ArrayList<>();
		table.findByEnvironment(ProcessMarks.OWNER_VARIABLE, ownerId, null)
			.forEach((marked) -> left.add(marked.process()));
		if (!left.isEmpty()) {
			new ProcessTreeTerminator(table).terminate(left, Duration.ZERO);
		}
	}

}
