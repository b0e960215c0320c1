package io.childproc.internal.tree;

import java.util.HashMap;
import java.util.Map;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessTable;

/**
 * The command line and program file of each descendant, read once per program: a
 * descendant that still runs the program it ran at the scan before
 * ({@link ProcessStat#runsSameProgramAs}) keeps the command line and program file read
 * then, so a scan reads only the {@code stat} of a descendant that did not {@code exec}.
 * A zombie, whose program file can no longer be read, keeps the one read while it ran.
 * <p>
 * Not thread-safe: one scan at a time.
 */
final class Descriptions {

	private final ProcessTable table;

	private Map<Long, Described> last = new HashMap<>();

	private Map<Long, Described> now = new HashMap<>();

	Descriptions(ProcessTable table) {
		this.table = table;
	}

	/**
	 * Describes a descendant listed by this scan.
	 * @param process the descendant
	 * @return its description
	 */
	ProcessInfo describe(ProcessStat process) {
		Described before = this.last.get(process.pid());
		ProcessInfo info;
		if (before != null && before.stat() == process) {
			// A reading the listing kept: the description stands as it is.
			info = before.info();
		}
		else if (before != null && process.runsSameProgramAs(before.stat())) {
			info = ProcessInfo.of(process, before.info().command(), before.info().executable());
		}
		else {
			info = this.table.describe(process);
			if (info.executable() == null && process.state().hasEnded() && before != null
					&& before.stat().startTime() == process.startTime() && before.info().executable() != null) {
				info = new ProcessInfo(info.pid(), info.ppid(), info.state(), info.command(), info.startTime(),
						before.info().executable(), info.cpuTime());
			}
		}
		this.now.put(process.pid(), new Described(process, info));
		return info;
	}

	/**
	 * Forgets the descendants this scan did not describe.
	 */
	void scanEnded() {
		this.last = this.now;
		this.now = new HashMap<>(this.last.size() * 2);
	}

	private record Described(ProcessStat stat, ProcessInfo info) {
	}

}
