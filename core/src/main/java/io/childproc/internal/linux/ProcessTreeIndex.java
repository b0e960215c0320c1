package io.childproc.internal.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The parent-child relations of one listing of the process table, indexed by pid, so that
 * the descendants of any process are found in time proportional to their number.
 */
public final class ProcessTreeIndex {

	private final @Nullable Map<Long, ProcessStat> byPid;

	private final @Nullable ProcessListing listing;

	private final Map<Long, List<ProcessStat>> childrenOf = new HashMap<>();

	public ProcessTreeIndex(List<ProcessStat> processes) {
		this.byPid = new HashMap<>(processes.size() * 2);
		this.listing = null;
		for (ProcessStat process : processes) {
			this.byPid.put(process.pid(), process);
		}
		indexChildren(processes);
	}

	/**
	 * Indexes a listing, whose own map finds a process by pid.
	 * @param listing the listing
	 */
	public ProcessTreeIndex(ProcessListing listing) {
		this.byPid = null;
		this.listing = listing;
		indexChildren(listing.processes());
	}

	private void indexChildren(List<ProcessStat> processes) {
		for (ProcessStat process : processes) {
			if (process.ppid() != process.pid()) {
				this.childrenOf.computeIfAbsent(process.ppid(), (key) -> new ArrayList<>(2)).add(process);
			}
		}
	}

	public @Nullable ProcessStat process(long pid) {
		if (this.listing != null) {
			ProcessListing.Entry entry = this.listing.entry(pid);
			return (entry != null) ? entry.stat() : null;
		}
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
