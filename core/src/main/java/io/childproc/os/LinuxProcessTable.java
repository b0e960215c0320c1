package io.childproc.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link ProcessTable} of Linux, read from {@code /proc}. Descendants are found by
 * walking {@code /proc/<pid>/task/<tid>/children} from the root, which costs in
 * proportion to the tree, not to the number of processes on the machine.
 */
final class LinuxProcessTable implements ProcessTable {

	static final ProcessTable SYSTEM = detect(Path.of("/proc"));

	private final Path proc;

	private final long self;

	LinuxProcessTable(Path proc) {
		this.proc = proc;
		this.self = ProcessHandle.current().pid();
	}

	static ProcessTable detect(Path proc) {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		long self = ProcessHandle.current().pid();
		if (!os.contains("linux") || !Files.isReadable(proc.resolve(Long.toString(self)).resolve("stat"))) {
			return ProcessTable.UNAVAILABLE;
		}
		return new LinuxProcessTable(proc);
	}

	@Override
	public boolean available() {
		return true;
	}

	@Override
	public Optional<ProcessInfo> process(long pid) {
		Path dir = this.proc.resolve(Long.toString(pid));
		String stat = readString(dir.resolve("stat"));
		if (stat == null) {
			return Optional.empty();
		}
		int open = stat.indexOf('(');
		int close = stat.lastIndexOf(')');
		if (open < 0 || close < open || close + 2 >= stat.length()) {
			return Optional.empty();
		}
		String comm = stat.substring(open + 1, close);
		String[] fields = stat.substring(close + 2).split(" ");
		// fields[0] is field 3 of stat (state), fields[1] field 4 (ppid), fields[19]
		// field 22 (starttime).
		if (fields.length < 20) {
			return Optional.empty();
		}
		try {
			ProcessState state = ProcessState.of(fields[0].isEmpty() ? '?' : fields[0].charAt(0));
			long ppid = Long.parseLong(fields[1]);
			long startTime = Long.parseLong(fields[19]);
			List<String> command = state.hasEnded() ? List.of(comm) : commandLine(dir, comm);
			return Optional.of(new ProcessInfo(pid, ppid, state, command, startTime));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private List<String> commandLine(Path dir, String comm) {
		byte[] bytes = readBytes(dir.resolve("cmdline"));
		if (bytes == null || bytes.length == 0) {
			return List.of(comm);
		}
		List<String> command = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= bytes.length; i++) {
			if (i == bytes.length || bytes[i] == 0) {
				if (i > start || i < bytes.length) {
					command.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
				}
				start = i + 1;
			}
		}
		return command;
	}

	@Override
	public List<ProcessInfo> descendants(long pid) {
		List<ProcessInfo> found = new ArrayList<>();
		ArrayDeque<Long> parents = new ArrayDeque<>();
		parents.add(pid);
		Long parent;
		while ((parent = parents.poll()) != null) {
			for (long child : children(parent)) {
				ProcessInfo info = process(child).orElse(null);
				if (info != null && info.ppid() == parent) {
					found.add(info);
					if (!info.state().hasEnded()) {
						parents.add(child);
					}
				}
			}
		}
		return found;
	}

	private List<Long> children(long pid) {
		List<Long> children = new ArrayList<>();
		try (DirectoryStream<Path> tasks = Files
			.newDirectoryStream(this.proc.resolve(Long.toString(pid)).resolve("task"))) {
			for (Path task : tasks) {
				String list = readString(task.resolve("children"));
				if (list != null) {
					parsePids(list, children);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Ended while being read.
		}
		return children;
	}

	private static void parsePids(String list, List<Long> into) {
		long value = -1;
		for (int i = 0; i < list.length(); i++) {
			char c = list.charAt(i);
			if (c >= '0' && c <= '9') {
				value = ((value < 0) ? 0 : value * 10) + (c - '0');
			}
			else if (value >= 0) {
				into.add(value);
				value = -1;
			}
		}
		if (value >= 0) {
			into.add(value);
		}
	}

	@Override
	public List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable) {
		byte[] wanted = (variable + "=" + value).getBytes(StandardCharsets.UTF_8);
		byte[] markPrefix = (markVariable != null) ? (markVariable + "=").getBytes(StandardCharsets.UTF_8) : null;
		List<MarkedProcess> found = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.proc)) {
			for (Path entry : entries) {
				long pid = pidOf(entry.getFileName().toString());
				if (pid <= 0 || pid == this.self) {
					continue;
				}
				byte[] environment = readBytes(entry.resolve("environ"));
				if (environment == null || indexOfVariable(environment, wanted, true) < 0) {
					continue;
				}
				String mark = null;
				if (markPrefix != null) {
					int at = indexOfVariable(environment, markPrefix, false);
					if (at >= 0) {
						int end = at + markPrefix.length;
						while (end < environment.length && environment[end] != 0) {
							end++;
						}
						mark = new String(environment, at + markPrefix.length, end - at - markPrefix.length,
								StandardCharsets.UTF_8);
					}
				}
				String foundMark = mark;
				process(pid).ifPresent((info) -> found.add(new MarkedProcess(info, foundMark)));
			}
		}
		catch (IOException | RuntimeException ex) {
			// /proc could not be listed: nothing found.
		}
		return found;
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

	private static long pidOf(String name) {
		if (name.isEmpty() || name.length() > 10) {
			return -1;
		}
		long pid = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			pid = pid * 10 + (c - '0');
		}
		return pid;
	}

	private static String readString(Path path) {
		byte[] bytes = readBytes(path);
		return (bytes != null) ? new String(bytes, StandardCharsets.ISO_8859_1) : null;
	}

	private static byte[] readBytes(Path path) {
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
