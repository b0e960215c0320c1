package io.childproc.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.childproc.internal.linux.PidsLimit;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.tree.EscapedProcess;
import io.childproc.internal.tree.LeftoverProcess;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeSnapshot;
import io.childproc.internal.tree.ZombieProcess;

/**
 * The members of {@code /actuator/children} that describe the operating system's view of
 * the process tree, from one {@link ProcessTreeSnapshot}: {@code zombies} (the count of
 * zombies that last), {@code zombieProcesses}, {@code escaped}, {@code leftovers} (what a
 * killed earlier run of this application left, as the monitor last found it) and
 * {@code processTree} (whether the tree can be read, when it was scanned, orphan reaping,
 * the cgroup pids).
 */
final class ProcessTreeMembers {

	private ProcessTreeMembers() {
	}

	/**
	 * Adds the members, each unless a contributor already set it.
	 * @param members the answer's top-level members
	 * @param monitor the monitor, for its settings and counters
	 * @param snapshot the snapshot the rest of the answer is read from
	 * @param mask how command lines are masked
	 */
	static void add(Map<String, Object> members, ProcessTreeMonitor monitor, ProcessTreeSnapshot snapshot,
			CommandMasker mask) {
		members.putIfAbsent("zombies", snapshot.zombieCount());
		List<ZombieDescriptor> zombies = new ArrayList<>(snapshot.zombieCount());
		for (ZombieProcess zombie : snapshot.zombies()) {
			zombies.add(new ZombieDescriptor(zombie.pid(), mask.program(zombie.process()), zombie.ppid(),
					mask.process(zombie.parent()), (zombie.childPid() > 0) ? zombie.childPid() : null));
		}
		members.putIfAbsent("zombieProcesses", zombies);
		List<EscapedDescriptor> escaped = new ArrayList<>(snapshot.escaped().size());
		for (EscapedProcess process : snapshot.escaped()) {
			ProcessInfo info = process.process();
			escaped.add(new EscapedDescriptor(info.pid(), info.ppid(), mask.process(info), info.state().name(),
					(process.childPid() > 0) ? process.childPid() : null));
		}
		members.putIfAbsent("escaped", escaped);
		List<LeftoverDescriptor> leftovers = new ArrayList<>();
		for (LeftoverProcess leftover : monitor.leftovers()) {
			ProcessInfo info = leftover.process();
			leftovers.add(new LeftoverDescriptor(info.pid(), info.ppid(), mask.process(info), info.state().name(),
					leftover.jvmPid(), leftover.startedAt()));
		}
		members.putIfAbsent("leftovers", leftovers);
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("available", snapshot.available());
		tree.put("scannedAt", snapshot.takenAt());
		tree.put("scanInterval", monitor.settings().scanInterval());
		tree.put("reapsOrphans", monitor.reapsOrphans());
		tree.put("subreaper", monitor.isSubreaper());
		tree.put("orphansReaped", monitor.orphansReaped());
		PidsLimit pids = snapshot.pids();
		if (pids != null) {
			tree.put("pidsCurrent", pids.current());
			tree.put("pidsMax", pids.isLimited() ? pids.max() : "max");
			if (pids.cgroup() != null) {
				tree.put("pidsCgroup", pids.cgroup().toString());
			}
		}
		members.putIfAbsent("processTree", tree);
	}

	/**
	 * A zombie among the JVM's descendants, seen by two scans in a row.
	 *
	 * @param pid the zombie's pid
	 * @param command its program, or its short name when that cannot carry arguments,
	 * else masked
	 * @param ppid its parent's pid: the process that should reap it
	 * @param parentCommand the parent's command, masked
	 * @param childPid the pid of the child whose tree holds it, or {@code null} when it
	 * is a child of the JVM itself
	 */
	public record ZombieDescriptor(long pid, String command, long ppid, List<String> parentCommand, Long childPid) {
	}

	/**
	 * A process that carries the launcher's mark outside the JVM's process tree.
	 *
	 * @param pid its pid
	 * @param ppid its parent's pid (often 1: it was adopted)
	 * @param command its command, masked
	 * @param state its scheduler state
	 * @param childPid the pid of the child it came from, or {@code null} when that child
	 * is gone
	 */
	public record EscapedDescriptor(long pid, long ppid, List<String> command, String state, Long childPid) {
	}

	/**
	 * A process that an earlier run of this application left behind when its JVM was
	 * killed.
	 *
	 * @param pid its pid
	 * @param ppid its parent's pid (1 or a subreaper for the processes the JVM started)
	 * @param command its command, masked
	 * @param state its scheduler state, as found
	 * @param jvmPid the pid the killed JVM had
	 * @param startedAt when it started, or {@code null} when unknown
	 */
	public record LeftoverDescriptor(long pid, long ppid, List<String> command, String state, long jvmPid,
			Instant startedAt) {
	}

}
