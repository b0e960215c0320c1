package io.childproc.os;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the processes that carry a launcher's owner mark
 * ({@value ProcessMarks#OWNER_VARIABLE}) outside the JVM's process tree: descendants that
 * left it with {@code setsid}, a double fork or {@code nohup}.
 * <p>
 * Reading every process's environment on every scan is what made scans slow; the
 * environment is read only for a process that can be such an escapee
 * ({@link #mayCarryMark}): not the JVM, not in the JVM's tree, not a kernel thread, not
 * ended, and started no earlier than the JVM (a mark is set only by this JVM). The kernel
 * adds a last condition: only the environment of the same user's processes can be read
 * (any, as root). Each process is read once: the answer is remembered by pid and start
 * time for as long as the process is listed.
 * <p>
 * Not thread-safe: one scan at a time.
 */
final class EscapeDetector {

	/** The pid of {@code kthreadd}, the parent of every kernel thread. */
	private static final long KTHREADD = 2;

	private static final Set<String> MARKS = Set.of(ProcessMarks.OWNER_VARIABLE, ProcessMarks.CHILD_VARIABLE);

	private static final String UNMARKED = new String("unmarked");

	private final ProcessTable table;

	private final long self;

	// The child mark of each candidate read before, UNMARKED when it carries no owner
	// mark of ours, by process.
	private Map<ProcessKey, String> judged = new HashMap<>();

	private String owner;

	EscapeDetector(ProcessTable table, long self) {
		this.table = table;
		this.self = self;
	}

	/**
	 * Finds the escapees in one listing of the process table.
	 * @param processes every process, as listed
	 * @param tree the pids of the JVM's descendants in that listing
	 * @param selfStart the JVM's start time, in clock ticks since boot
	 * @param ownerId the launcher's owner mark, or {@code null} for none
	 * @return each escapee with the value of its {@value ProcessMarks#CHILD_VARIABLE}
	 * mark ({@code null} when it has none)
	 */
	List<Escapee> detect(List<ProcessStat> processes, Set<Long> tree, long selfStart, String ownerId) {
		if (ownerId == null) {
			return List.of();
		}
		if (!ownerId.equals(this.owner)) {
			this.judged = new HashMap<>();
			this.owner = ownerId;
		}
		Map<ProcessKey, String> judgedNow = new HashMap<>();
		List<Escapee> found = new ArrayList<>();
		for (ProcessStat process : processes) {
			if (tree.contains(process.pid()) || !mayCarryMark(process, this.self, selfStart)) {
				continue;
			}
			ProcessKey key = ProcessKey.of(process);
			String mark = this.judged.get(key);
			if (mark == null) {
				Map<String, String> environment = this.table.environment(process.pid(), MARKS);
				mark = ownerId.equals(environment.get(ProcessMarks.OWNER_VARIABLE))
						? environment.getOrDefault(ProcessMarks.CHILD_VARIABLE, "") : UNMARKED;
			}
			judgedNow.put(key, mark);
			if (mark != UNMARKED) {
				found.add(new Escapee(process, mark.isEmpty() ? null : mark));
			}
		}
		this.judged = judgedNow;
		return found;
	}

	/**
	 * Whether a process can carry a mark set by this JVM: not the JVM, not a kernel
	 * thread, still running, and started no earlier than the JVM.
	 * @param process the process
	 * @param self the JVM's pid
	 * @param selfStart the JVM's start time
	 * @return whether its environment is worth reading
	 */
	static boolean mayCarryMark(ProcessStat process, long self, long selfStart) {
		return process.pid() != self && process.pid() != KTHREADD && process.ppid() != KTHREADD
				&& !process.state().hasEnded() && process.startTime() >= selfStart;
	}

	/**
	 * A process carrying the owner mark outside the JVM's tree.
	 *
	 * @param process the process
	 * @param childMark its child mark, or {@code null}
	 */
	record Escapee(ProcessStat process, String childMark) {
	}

}
