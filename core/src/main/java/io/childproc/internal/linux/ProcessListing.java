package io.childproc.internal.linux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.childproc.internal.natives.DirectoryCalls;
import org.jspecify.annotations.Nullable;

/**
 * One listing of the process table that the next listing builds on
 * ({@link ProcessTable#list(ProcessListing, java.util.Set)}): every process, each with
 * what tells whether its pid still names the same process without reading its
 * {@code stat} again.
 */
public final class ProcessListing {

	/** The listing before the first: nothing known. */
	public static final ProcessListing EMPTY = new ProcessListing(Map.of(), 0);

	private final Map<Long, Entry> entries;

	private final int statsRead;

	private @Nullable List<ProcessStat> processes;

	/**
	 * The entries of {@code /proc} this listing was built from, where they were numbered.
	 */
	private final DirectoryCalls.@Nullable NumberedEntries listed;

	ProcessListing(Map<Long, Entry> entries, int statsRead) {
		this(entries, statsRead, null);
	}

	ProcessListing(Map<Long, Entry> entries, int statsRead, DirectoryCalls.@Nullable NumberedEntries listed) {
		this.entries = entries;
		this.statsRead = statsRead;
		this.listed = listed;
	}

	/**
	 * A listing of a table that reads every process each time.
	 * @param processes every process
	 * @return the listing
	 */
	static ProcessListing of(List<ProcessStat> processes) {
		Map<Long, Entry> entries = new HashMap<>(processes.size() * 2);
		for (ProcessStat process : processes) {
			entries.put(process.pid(), new Entry(process, null));
		}
		return new ProcessListing(entries, processes.size());
	}

	/**
	 * Returns every process listed, in no particular order. A process kept from the
	 * listing before (outside the JVM's tree, and found to be the same process) shows the
	 * state and CPU time read then.
	 * @return the processes
	 */
	public List<ProcessStat> processes() {
		List<ProcessStat> list = this.processes;
		if (list == null) {
			list = new ArrayList<>(this.entries.size());
			for (Entry entry : this.entries.values()) {
				list.add(entry.stat());
			}
			list = Collections.unmodifiableList(list);
			this.processes = list;
		}
		return list;
	}

	/**
	 * Counts the {@code stat} files this listing read; the others were kept from the
	 * listing before.
	 * @return how many processes were read
	 */
	public int statsRead() {
		return this.statsRead;
	}

	/**
	 * Counts the processes listed.
	 * @return the count
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Whether this listing kept a process's reading from an earlier listing instead of
	 * reading its {@code stat} again.
	 * @param earlier the listing this one was built on
	 * @param pid the process
	 * @return whether its reading is the earlier listing's
	 */
	public boolean kept(ProcessListing earlier, long pid) {
		Entry entry = this.entries.get(pid);
		return entry != null && entry == earlier.entries.get(pid);
	}

	@Nullable Entry entry(long pid) {
		return this.entries.get(pid);
	}

	Map<Long, Entry> entries() {
		return this.entries;
	}

	DirectoryCalls.@Nullable NumberedEntries listed() {
		return this.listed;
	}

	/**
	 * One process as listed.
	 *
	 * @param stat its {@code stat} as read
	 * @param identity what named its {@code /proc/<pid>} directory before that read, or
	 * {@code null} when not taken: the next listing then reads the process again
	 */
	record Entry(ProcessStat stat, @Nullable Object identity) {
	}

}
