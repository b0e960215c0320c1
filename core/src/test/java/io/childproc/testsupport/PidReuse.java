package io.childproc.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes the kernel give a freed pid to a new process, for tests of pid reuse: as root,
 * writing {@code pid - 1} to {@code /proc/sys/kernel/ns_last_pid} makes the next process
 * of the pid namespace get {@code pid}. Other processes on the machine may take it first,
 * so it tries again a few times.
 */
public final class PidReuse {

	private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

	private PidReuse() {
	}

	/**
	 * Whether this JVM can choose the next pid.
	 * @return whether {@code ns_last_pid} is writable
	 */
	public static boolean available() {
		return Files.isWritable(LAST_PID);
	}

	/**
	 * Starts a process, with a plain {@link ProcessBuilder}, that gets the given pid.
	 * @param pid the freed pid to reuse
	 * @param command the command
	 * @return the process, or empty when another process kept taking the pid
	 * @throws IOException when the process cannot be started
	 */
	public static Optional<Process> startWithPid(long pid, List<String> command) throws IOException {
		if (ProcessHandle.of(pid).isPresent()) {
			throw new IllegalStateException("The pid " + pid + " is still in use");
		}
		for (int attempt = 0; attempt < 100; attempt++) {
			Files.writeString(LAST_PID, Long.toString(pid - 1));
			Process process = new ProcessBuilder(command).start();
			if (process.pid() == pid) {
				return Optional.of(process);
			}
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

}
