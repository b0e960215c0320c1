package io.childproc.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's state from {@code /proc}. Depends on nothing but the JDK, so that the
 * small mains that run as another user can use it too.
 */
public final class ProcStat {

	private ProcStat() {
	}

	/**
	 * Whether a process is a zombie, by the state in its {@code /proc/<pid>/stat}; a
	 * process that is gone is not.
	 * @param handle the process
	 * @return whether it is a zombie
	 */
	public static boolean isZombie(ProcessHandle handle) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
		}
		catch (Exception ex) {
			return false;
		}
	}

}
