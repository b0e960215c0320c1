package io.childproc.internal.linux;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the operating system's process table. {@code LinuxProcessTable.system()} picks
 * the implementation once: {@code /proc} on Linux, {@link #UNAVAILABLE} elsewhere. No
 * method throws for a process that ended or cannot be read: it is left out.
 * <p>
 * {@link #list()} reads every process once, cheaply (no command line, no environment);
 * {@link #describe(ProcessStat)} and {@link #environment(long, Set)} then read more of
 * the few processes that need it.
 */
public interface ProcessTable {

	/** A table that sees nothing, for systems without {@code /proc}. */
	ProcessTable UNAVAILABLE = new ProcessTable() {

		@Override
		public boolean available() {
			return false;
		}

		@Override
		public Optional<ProcessInfo> process(long pid) {
			return Optional.empty();
		}

		@Override
		public List<ProcessInfo> descendants(long pid) {
			return List.of();
		}

		@Override
		public List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable) {
			return List.of();
		}

		@Override
		public String toString() {
			return "ProcessTable.UNAVAILABLE";
		}

	};

	/**
	 * Whether this table can see processes at all.
	 * @return {@code false} off Linux or without {@code /proc}
	 */
	boolean available();

	/**
	 * Reads one process.
	 * @param pid the process id
	 * @return the process, or empty when there is none with that pid
	 */
	Optional<ProcessInfo> process(long pid);

	/**
	 * Returns every descendant of a process, parents before their children, zombies
	 * included.
	 * @param pid the root's process id
	 * @return the descendants, without the root
	 */
	List<ProcessInfo> descendants(long pid);

	/**
	 * Returns the processes whose environment holds {@code variable=value}, the calling
	 * JVM excluded. Only the environment a process was started with is seen, and only for
	 * processes this user may read.
	 * @param variable the variable's name
	 * @param value its value
	 * @param markVariable another variable whose value to report for each process found,
	 * or {@code null}
	 * @return the processes found
	 */
	List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable);

	/**
	 * Returns the descendants of several processes from one read of the table, so that
	 * ending many trees (a launcher's close) costs one pass, not one per root.
	 * @param pids the roots' process ids
	 * @return the descendants of each root, parents before their children, by root
	 */
	default Map<Long, List<ProcessInfo>> descendants(Collection<Long> pids) {
		Map<Long, List<ProcessInfo>> found = new LinkedHashMap<>();
		for (Long pid : pids) {
			found.put(pid, descendants(pid));
		}
		return found;
	}

	/**
	 * Reads every process once (one pass over {@code /proc/*}{@code /stat}). A process
	 * that ends during the pass, or whose line cannot be parsed, is left out.
	 * @return every process, in no particular order; empty for a table that cannot list
	 */
	default List<ProcessStat> list() {
		return List.of();
	}

	/**
	 * Reads the command line and program file of a process listed by {@link #list()}.
	 * @param stat the process as listed
	 * @return its description; its command is its short name when it has ended, or when
	 * the command line cannot be read
	 */
	default ProcessInfo describe(ProcessStat stat) {
		return process(stat.pid()).filter((info) -> info.startTime() == stat.startTime())
			.orElseGet(() -> ProcessInfo.of(stat));
	}

	/**
	 * Reads some variables of the environment a process was started with. Only the
	 * variables asked for are read out; the kernel lets a process read only the
	 * environment of its own user's processes.
	 * @param pid the process
	 * @param names the variables wanted
	 * @return the values found, by name; empty when the environment cannot be read
	 */
	default Map<String, String> environment(long pid, Set<String> names) {
		return Map.of();
	}

}
