package io.childproc.os;

import java.util.List;
import java.util.Optional;

/**
 * Reads the operating system's process table. {@link #system()} picks the implementation
 * once: {@code /proc} on Linux, {@link #UNAVAILABLE} elsewhere. No method throws for a
 * process that ended or cannot be read: it is left out.
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
	 * Returns the process table of this system, chosen once.
	 * @return {@code /proc} on Linux, else {@link #UNAVAILABLE}
	 */
	static ProcessTable system() {
		return LinuxProcessTable.SYSTEM;
	}

}
