package io.childproc.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells which pids the JVM's own threads are blocked waiting for, read from
 * {@code /proc/self/task/<tid>/syscall} (the system call a thread is blocked in, with its
 * arguments).
 * <p>
 * The JDK waits for every child it launches, whoever launched it (the childproc launcher,
 * or other code with a plain {@link ProcessBuilder} or {@code Runtime.exec}): one
 * "process reaper" thread per live child, blocked in {@code waitpid(pid, ...)} until the
 * child exits. A direct child of the JVM that no thread waits for was therefore not
 * launched by the JDK: it was adopted (the JVM is PID 1 or a child subreaper), or forked
 * by native code that does not wait for it.
 * <p>
 * The system call numbers differ by architecture: x86-64 and AArch64 are known; on any
 * other, or where a thread's file cannot be read, {@link #waitedPids()} is empty, meaning
 * "cannot tell".
 */
public final class WaitingThreads {

	/** {@code waitid}'s idtype for one pid. */
	private static final long P_PID = 1;

	private final Path tasks;

	private final long wait4;

	private final long waitid;

	/**
	 * Reads the calling JVM's threads, on this machine's architecture.
	 */
	public WaitingThreads() {
		this(Path.of("/proc/self/task"), System.getProperty("os.arch", ""));
	}

	public WaitingThreads(Path tasks, String arch) {
		this.tasks = tasks;
		switch (arch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> {
				this.wait4 = 61;
				this.waitid = 247;
			}
			case "aarch64", "arm64" -> {
				this.wait4 = 260;
				this.waitid = 95;
			}
			default -> {
				this.wait4 = -1;
				this.waitid = -1;
			}
		}
	}

	/**
	 * Returns the pids that threads of the JVM are blocked waiting for now.
	 * @return the pids, or empty when it cannot be told (unknown architecture, a thread's
	 * file not readable)
	 */
	public Optional<Set<Long>> waitedPids() {
		if (this.wait4 < 0) {
			return Optional.empty();
		}
		Set<Long> pids = new HashSet<>();
		List<Path> threads;
		try (Stream<Path> listing = Files.list(this.tasks)) {
			threads = listing.toList();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
		for (Path thread : threads) {
			String line;
			try {
				line = Files.readString(thread.resolve("syscall")).trim();
			}
			catch (NoSuchFileException ex) {
				// The thread ended since the listing.
				continue;
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
			long pid = waitedPid(line);
			if (pid > 0) {
				pids.add(pid);
			}
		}
		return Optional.of(pids);
	}

	/**
	 * Returns the pid a thread waits for, from its {@code syscall} line: the number of
	 * the call, then its arguments in hex ({@code "61 0x4751 0x7fed03efe700 ..."}), or
	 * {@code "running"}, or {@code "-1 sp pc"} when not in a call.
	 */
	long waitedPid(String line) {
		String[] fields = line.split(" ");
		if (fields.length < 3) {
			return -1;
		}
		try {
			long call = Long.parseLong(fields[0]);
			if (call == this.wait4) {
				return pidArgument(fields[1]);
			}
			if (call == this.waitid && Long.parseUnsignedLong(strip(fields[1]), 16) == P_PID) {
				return pidArgument(fields[2]);
			}
		}
		catch (NumberFormatException ex) {
			// Not a call with arguments.
		}
		return -1;
	}

	private static long pidArgument(String field) {
		long value = Long.parseUnsignedLong(strip(field), 16);
		// Only one pid: -1 (any child) and 0 or less (a process group) name none.
		return (value > 0 && value <= Integer.MAX_VALUE) ? value : -1;
	}

	private static String strip(String hex) {
		return hex.startsWith("0x") ? hex.substring(2) : hex;
	}

}
