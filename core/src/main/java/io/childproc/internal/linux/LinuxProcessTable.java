package io.childproc.internal.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.childproc.internal.natives.DirectoryCalls;
import io.childproc.internal.natives.Natives;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ProcessTable} of Linux, read from {@code /proc}, or from any folder laid out
 * the same way (the tests write one).
 * <p>
 * Descendants come from one pass over every {@code /proc/<pid>/stat} (pid, short name,
 * state, parent, start time), not from {@code /proc/<pid>/task/<tid>/children}, which
 * proc(5) calls unreliable while children exit and which exists only with
 * {@code CONFIG_PROC_CHILDREN}. The short name is parsed up to the last {@code )}, so
 * that a name holding spaces or parentheses cannot shift the fields after it.
 * <p>
 * {@link #findByEnvironment} reads the environment only of the processes that can carry a
 * mark this JVM's launcher set: not the JVM, not a kernel thread, not ended, and started
 * no earlier than the JVM itself. The kernel lets a process read only the environment of
 * its own user's processes (or any, as root), which limits the search to those further.
 */
public final class LinuxProcessTable implements ProcessTable {

	static final ProcessTable SYSTEM = detect(Path.of("/proc"));

	/**
	 * Returns the process table of this system, chosen once.
	 * @return {@code /proc} on Linux, else {@link #UNAVAILABLE}
	 */
	public static ProcessTable system() {
		return SYSTEM;
	}

	/** A {@code stat} line is a few hundred bytes; only its first 22 fields are read. */
	static final int STAT_BUFFER = 1024;

	final Path proc;

	final String procPrefix;

	final long self;

	private final @Nullable DirectoryCalls directories;

	LinuxProcessTable(Path proc) {
		this(proc, ProcessHandle.current().pid());
	}

	LinuxProcessTable(Path proc, long self) {
		this(proc, self, null);
	}

	/**
	 * @param directories lists {@code /proc} with each process's inode number, or
	 * {@code null} to list it through Java's file API, one {@code stat(2)} per known
	 * process
	 */
	LinuxProcessTable(Path proc, long self, @Nullable DirectoryCalls directories) {
		this.proc = proc;
		this.procPrefix = proc.toString() + "/";
		this.self = self;
		this.directories = directories;
	}

	static ProcessTable detect(Path proc) {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		long self = ProcessHandle.current().pid();
		if (!os.contains("linux") || !Files.isReadable(proc.resolve(Long.toString(self)).resolve("stat"))) {
			return ProcessTable.UNAVAILABLE;
		}
		return new LinuxProcessTable(proc, self, Natives.directoryCalls());
	}

	@Override
	public boolean available() {
		return true;
	}

	@Override
	public List<ProcessStat> list() {
		String[] names = this.proc.toFile().list();
		if (names == null) {
			return List.of();
		}
		List<ProcessStat> processes = new ArrayList<>(names.length);
		byte[] buffer = new byte[STAT_BUFFER];
		for (String name : names) {
			long pid = pidOf(name);
			if (pid > 0) {
				ProcessStat stat = readStat(pid, name, buffer);
				if (stat != null) {
					processes.add(stat);
				}
			}
		}
		return processes;
	}

	/**
	 * Lists the processes, reading the {@code stat} only of those that may have changed;
	 * see {@link IncrementalListing}.
	 */
	@Override
	public ProcessListing list(ProcessListing previous, Set<Long> reread) {
		return new IncrementalListing(this.proc, this.self, this::readStat, previous, reread, this.directories).list();
	}

	@Nullable ProcessStat readStat(long pid, String name, byte[] buffer) {
		int length;
		// One read: the kernel hands out the whole line at once.
		try (FileInputStream in = new FileInputStream(this.procPrefix + name + "/stat")) {
			length = in.read(buffer);
		}
		catch (IOException | RuntimeException ex) {
			// Ended while being listed.
			return null;
		}
		return (length > 0) ? parseStat(pid, buffer, length) : null;
	}

	/**
	 * Parses a {@code stat} line: {@code pid (comm) state ppid ...}; the short name may
	 * hold spaces and parentheses, so it ends at the last {@code )}.
	 * @param pid the pid the line was read for
	 * @param line the line's bytes
	 * @param length how many bytes of it were read
	 * @return the parsed line, or {@code null} when it is malformed
	 */
	static ProcessStat parseStat(long pid, byte[] line, int length) {
		int open = -1;
		for (int i = 0; i < length; i++) {
			if (line[i] == '(') {
				open = i;
				break;
			}
		}
		int close = -1;
		for (int i = length - 1; i > open; i--) {
			if (line[i] == ')') {
				close = i;
				break;
			}
		}
		if (open < 0 || close < 0 || close + 3 >= length || line[close + 1] != ' ') {
			return null;
		}
		String comm = new String(line, open + 1, close - open - 1, StandardCharsets.UTF_8);
		ProcessState state = ProcessState.of((char) line[close + 2]);
		// Fields after the state: 4 ppid ... 14 utime, 15 stime ... 22 starttime ... 48
		// arg_start, 49 arg_end (Linux 3.5 and later).
		long ppid = -1;
		long utime = -1;
		long stime = -1;
		long startTime = -1;
		long argStart = 0;
		long argEnd = 0;
		int field = 3;
		int at = close + 3;
		while (at < length && field < 49 && line[at] != '\n') {
			if (line[at] != ' ') {
				if (field >= 22) {
					break;
				}
				return null;
			}
			at++;
			field++;
			long value = 0;
			int digits = 0;
			boolean negative = at < length && line[at] == '-';
			if (negative) {
				at++;
			}
			while (at < length && line[at] >= '0' && line[at] <= '9') {
				value = value * 10 + (line[at] - '0');
				digits++;
				at++;
			}
			if (digits == 0) {
				if (field > 22) {
					break;
				}
				return null;
			}
			switch (field) {
				case 4 -> ppid = value;
				case 14 -> utime = value;
				case 15 -> stime = value;
				case 22 -> startTime = value;
				case 48 -> argStart = value;
				case 49 -> argEnd = value;
				default -> {
				}
			}
		}
		if (startTime < 0 || ppid < 0) {
			return null;
		}
		return new ProcessStat(pid, comm, state, ppid, startTime, utime + stime, argStart, argEnd);
	}

	@Override
	public Optional<ProcessInfo> process(long pid) {
		if (pid <= 0) {
			return Optional.empty();
		}
		ProcessStat stat = readStat(pid, Long.toString(pid), new byte[STAT_BUFFER]);
		return (stat != null) ? Optional.of(describe(stat)) : Optional.empty();
	}

	@Override
	public ProcessInfo describe(ProcessStat stat) {
		if (stat.state().hasEnded()) {
			return ProcessInfo.of(stat);
		}
		String dir = this.procPrefix + stat.pid();
		List<String> command = commandLine(readBytes(Path.of(dir, "cmdline")));
		String executable = null;
		try {
			executable = Files.readSymbolicLink(Path.of(dir, "exe")).toString();
		}
		catch (IOException | RuntimeException ex) {
			// A kernel thread, another user's process, or one that ended.
		}
		return ProcessInfo.of(stat, command.isEmpty() ? List.of(stat.comm()) : command, executable);
	}

	static List<String> commandLine(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			return List.of();
		}
		List<String> command = new ArrayList<>();
		int start = 0;
		int end = bytes.length;
		while (end > 0 && bytes[end - 1] == 0) {
			// A title rewritten in place (setproctitle) may leave the rest of the area
			// zeroed.
			end--;
		}
		if (end == 0) {
			return List.of();
		}
		for (int i = 0; i <= end; i++) {
			if (i == end || bytes[i] == 0) {
				command.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
				start = i + 1;
			}
		}
		return command;
	}

	@Override
	public List<ProcessInfo> descendants(long pid) {
		List<ProcessStat> found = new ProcessTreeIndex(list()).descendants(pid);
		List<ProcessInfo> described = new ArrayList<>(found.size());
		for (ProcessStat stat : found) {
			described.add(describe(stat));
		}
		return described;
	}

	@Override
	public Map<Long, List<ProcessInfo>> descendants(Collection<Long> pids) {
		ProcessTreeIndex index = new ProcessTreeIndex(list());
		Map<Long, List<ProcessInfo>> found = new LinkedHashMap<>();
		for (Long pid : pids) {
			List<ProcessInfo> described = new ArrayList<>();
			for (ProcessStat stat : index.descendants(pid)) {
				described.add(describe(stat));
			}
			found.put(pid, described);
		}
		return found;
	}

	@Override
	public Map<String, String> environment(long pid, Set<String> names) {
		byte[] environment = readBytes(this.proc.resolve(Long.toString(pid)).resolve("environ"));
		if (environment == null || environment.length == 0) {
			return Map.of();
		}
		Map<String, String> found = new HashMap<>();
		for (String name : names) {
			byte[] prefix = (name + "=").getBytes(StandardCharsets.UTF_8);
			int at = indexOfVariable(environment, prefix, false);
			if (at >= 0) {
				int end = at + prefix.length;
				while (end < environment.length && environment[end] != 0) {
					end++;
				}
				found.put(name,
						new String(environment, at + prefix.length, end - at - prefix.length, StandardCharsets.UTF_8));
			}
		}
		return found;
	}

	@Override
	public List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable) {
		List<ProcessStat> processes = list();
		long selfStart = selfStartTime(processes);
		Set<String> names = (markVariable != null) ? Set.of(variable, markVariable) : Set.of(variable);
		List<MarkedProcess> found = new ArrayList<>();
		for (ProcessStat process : processes) {
			if (mayCarryMark(process, selfStart)) {
				Map<String, String> environment = environment(process.pid(), names);
				if (value.equals(environment.get(variable))) {
					String mark = (markVariable != null) ? environment.get(markVariable) : null;
					found.add(new MarkedProcess(describe(process), mark));
				}
			}
		}
		return found;
	}

	@Override
	public MarkLookup markSearch(String variable, String value, @Nullable String markVariable) {
		return new RepeatedMarkLookup(this, this.proc, this.self, variable, value, markVariable);
	}

	boolean mayCarryMark(ProcessStat process, long selfStart) {
		return Mark.mayCarry(process, this.self, selfStart);
	}

	long selfStartTime(List<ProcessStat> processes) {
		for (ProcessStat process : processes) {
			if (process.pid() == this.self) {
				return process.startTime();
			}
		}
		return 0;
	}

	/**
	 * Finds an entry of a NUL-separated environment that starts with {@code wanted}; when
	 * {@code whole}, the entry must be exactly {@code wanted}.
	 */
	static int indexOfVariable(byte[] environment, byte[] wanted, boolean whole) {
		int start = 0;
		while (start < environment.length) {
			int end = start;
			while (end < environment.length && environment[end] != 0) {
				end++;
			}
			int length = end - start;
			if ((whole ? length == wanted.length : length >= wanted.length)
					&& regionMatches(environment, start, wanted)) {
				return start;
			}
			start = end + 1;
		}
		return -1;
	}

	private static boolean regionMatches(byte[] bytes, int offset, byte[] wanted) {
		for (int i = 0; i < wanted.length; i++) {
			if (bytes[offset + i] != wanted[i]) {
				return false;
			}
		}
		return true;
	}

	static long pidOf(String name) {
		return IncrementalListing.pidOf(name);
	}

	static byte @Nullable [] readBytes(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "LinuxProcessTable[" + this.proc + "]";
	}

}
