package io.childproc.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Names one JVM for good, as the value of {@value Mark#JVM_VARIABLE}
 * ({@code pid:startTime:pidNamespace}): its pid, its start time (a reused pid has
 * another) and the inode of its pid namespace (a pid means something only in its own
 * namespace).
 *
 * @param pid the JVM's pid, as its own namespace sees it
 * @param startTime its start time, in clock ticks since boot
 * @param pidNamespace the inode of its pid namespace ({@code /proc/self/ns/pid}), 0 when
 * unknown
 */
public record JvmMark(long pid, long startTime, long pidNamespace) {

	private static final Optional<JvmMark> CURRENT = read(LinuxProcessTable.system(), Path.of("/proc/self/ns/pid"));

	/**
	 * Returns the mark of this JVM.
	 * @return the mark, or empty where the process table cannot be read
	 */
	public static Optional<JvmMark> current() {
		return CURRENT;
	}

	static Optional<JvmMark> read(ProcessTable table, Path namespaceLink) {
		long self = ProcessHandle.current().pid();
		Optional<ProcessInfo> process = table.available() ? table.process(self) : Optional.empty();
		if (process.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new JvmMark(self, process.get().startTime(), namespaceOf(namespaceLink)));
	}

	/** Reads a namespace link such as {@code pid:[4026531836]}. */
	private static long namespaceOf(Path link) {
		try {
			String target = Files.readSymbolicLink(link).toString();
			int open = target.indexOf('[');
			int close = target.indexOf(']', open + 1);
			return (open >= 0 && close > open) ? Long.parseLong(target.substring(open + 1, close)) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Parses the value of {@value Mark#JVM_VARIABLE}.
	 * @param value the value, or {@code null}
	 * @return the mark, or empty when the value is absent or malformed
	 */
	public static Optional<JvmMark> parse(@Nullable String value) {
		if (value == null) {
			return Optional.empty();
		}
		String[] fields = value.split(":", -1);
		if (fields.length != 3) {
			return Optional.empty();
		}
		try {
			return Optional
				.of(new JvmMark(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Returns the value of {@value Mark#JVM_VARIABLE} for this mark.
	 * @return {@code pid:startTime:pidNamespace}
	 */
	public String value() {
		return this.pid + ":" + this.startTime + ":" + this.pidNamespace;
	}

	/**
	 * Whether this JVM still runs, read from one listing of the process table: its pid is
	 * listed with the same start time.
	 * @param index the listing
	 * @return whether it runs
	 */
	public boolean runsIn(ProcessTreeIndex index) {
		ProcessStat process = index.process(this.pid);
		return process != null && process.startTime() == this.startTime && !process.state().hasEnded();
	}

}
