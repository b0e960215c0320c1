package io.childproc.internal.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent-child relations of one listing of the process table, indexed by pid, so that
 * the descendants of any process are found in time proportional to their number.
 */
public final class ProcessTreeIndex {

	private final Map<Long, ProcessStat> byPid;

	private final Map<Long, List<ProcessStat>> childrenOf;

	public ProcessTreeIndex(List<ProcessStat> processes) {
		this.byPid = new HashMap<>(processes.size() * 2);
		this.childrenOf = new HashMap<>();
		for (ProcessStat process : processes) {
			this.byPid.put(process.pid(), process);
		}
		for (ProcessStat process : processes) {
			if (process.ppid() != process.pid()) {
				this.childrenOf.computeIfAbsent(process.ppid(), (key) -> new ArrayList<>(2)).add(process);
			}
		}
	}

	public ProcessStat process(long pid) {
		return this.byPid.get(pid);
	}

	public List<ProcessStat> childrenOf(long pid) {
		return this.childrenOf.getOrDefault(pid, List.of());
	}

	/**
	 * Returns every descendant of a process, parents before their children.
	 * @param root the root's pid
	 * @return the descendants, without the root
	 */
	public List<ProcessStat> descendants(long root) {
		List<ProcessStat> found = new ArrayList<>();
		List<ProcessStat> level = childrenOf(root);
		found.addAll(level);
		for (int i = 0; i < found.size(); i++) {
			found.addAll(childrenOf(found.get(i).pid()));
		}
		return found;
	}

}
