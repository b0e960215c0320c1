package io.childproc.internal.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessKey;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessTable;

/**
 * Finds the processes that carry a launcher's owner mark ({@value Mark#OWNER_VARIABLE})
 * outside the JVM's process tree: descendants that left it with {@code setsid}, a double
 * fork or {@code nohup}.
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
	private static final Set<String> MARKS = Set.of(Mark.OWNER_VARIABLE, Mark.CHILD_VARIABLE);

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
	 * @return each escapee with the value of its {@value Mark#CHILD_VARIABLE} mark
	 * ({@code null} when it has none)
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
			if (tree.contains(process.pid()) || !Mark.mayCarry(process, this.self, selfStart)) {
				continue;
			}
			ProcessKey key = ProcessKey.of(process);
			String mark = this.judged.get(key);
			if (mark == null) {
				Map<String, String> environment = this.table.environment(process.pid(), MARKS);
				mark = ownerId.equals(environment.get(Mark.OWNER_VARIABLE))
						? environment.getOrDefault(Mark.CHILD_VARIABLE, "") : UNMARKED;
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
	 * A process carrying the owner mark outside the JVM's tree.
	 *
	 * @param process the process
	 * @param childMark its child mark, or {@code null}
	 */
	record Escapee(ProcessStat process, String childMark) {
	}

}
