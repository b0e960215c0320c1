package io.childproc.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Programs that users really run, found on the {@code PATH}, and a plain reader of the
 * process table to watch their trees: headless Chromium (Debian's
 * {@code chromium-headless-shell}, else {@code chromium --headless=new}) and
 * {@code ffmpeg}. {@code .ci/run} installs them; a local run without them skips their
 * tests. Depends on nothing but the JDK, so that the mains run as PID 1 can use it.
 */
public final class RealPrograms {

	/** What Chromium prints on stderr once its DevTools server listens. */
	public static final String CHROMIUM_READY = "DevTools listening on";

	private RealPrograms() {
	}

	/**
	 * Returns the headless Chromium found on the {@code PATH}, with the arguments that
	 * make it headless.
	 * @return the program and its headless argument, or empty when none is installed
	 */
	public static Optional<List<String>> chromium() {
		Optional<Path> shell = onPath("chromium-headless-shell");
		if (shell.isPresent()) {
			return Optional.of(List.of(shell.get().toString()));
		}
		return onPath("chromium").map((chromium) -> List.of(chromium.toString(), "--headless=new"));
	}

	/**
	 * Returns the {@code ffmpeg} found on the {@code PATH}.
	 * @return its path, or empty when it is not installed
	 */
	public static Optional<Path> ffmpeg() {
		return onPath("ffmpeg");
	}

	/**
	 * Returns the command of a Chromium that runs until it is ended: a DevTools server on
	 * a free port and a blank page, its profile in the given folder. Its tree is the
	 * browser, two zygotes, a renderer and utility processes (five to seven processes).
	 * @param chromium what {@link #chromium()} found
	 * @param profile an empty folder for the profile
	 * @return the command
	 */
	public static List<String> lastingChromium(List<String> chromium, Path profile) {
		List<String> command = new ArrayList<>(chromium);
		command.addAll(common(profile));
		command.addAll(List.of("--remote-debugging-port=0", "about:blank"));
		return command;
	}

	/**
	 * Returns the command of a short Chromium run that prints the page's DOM and exits.
	 * @param chromium what {@link #chromium()} found
	 * @param profile an empty folder for the profile
	 * @param html the page
	 * @return the command
	 */
	public static List<String> dumpDom(List<String> chromium, Path profile, String html) {
		List<String> command = new ArrayList<>(chromium);
		command.addAll(common(profile));
		command.addAll(List.of("--dump-dom", "data:text/html," + html));
		return command;
	}

	/**
	 * Returns the command of an {@code ffmpeg} that encodes a test pattern forever,
	 * writing nothing.
	 * @param ffmpeg what {@link #ffmpeg()} found
	 * @return the command
	 */
	public static List<String> endlessFfmpeg(Path ffmpeg) {
		return List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
				"testsrc=size=160x120:rate=10", "-f", "null", "-");
	}

	/**
	 * Waits until a lasting Chromium is up: its DevTools server listens (said on its
	 * stderr) and the process has at least four descendants (the browser, its two zygotes
	 * and a renderer or utility process).
	 * @param pid the started process (the browser, or Debian's wrapper script)
	 * @param stderr the file its stderr goes to
	 * @param timeout how long to wait
	 * @return how many processes its tree has, itself included
	 * @throws IllegalStateException when it exited or was not up in time
	 * @throws InterruptedException when interrupted
	 */
	public static int awaitChromiumUp(long pid, Path stderr, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			List<Proc> tree = Proc.descendants(pid);
			if (read(stderr).contains(CHROMIUM_READY) && tree.size() >= 4) {
				return tree.size() + 1;
			}
			if (Proc.read(pid).map(Proc::hasEnded).orElse(true)) {
				throw new IllegalStateException("Chromium exited before it was up: " + read(stderr));
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Chromium was not up in " + timeout + ": " + Proc.descendants(pid));
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	// No sandbox: tests may run as root. One renderer and no GPU: two cores are shared.
	private static List<String> common(Path profile) {
		return List.of("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
				"--disable-background-networking", "--renderer-process-limit=1", "--user-data-dir=" + profile);
	}

	private static Optional<Path> onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Deletes a folder and what it holds, as far as it can.
	 * @param folder the folder
	 */
	public static void deleteQuietly(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | RuntimeException ex) {
			// Left for the temp folder's own cleanup.
		}
	}

	/**
	 * A process as read from {@code /proc/<pid>/stat}.
	 *
	 * @param pid its pid
	 * @param ppid its parent's pid
	 * @param state its state letter ({@code Z} for a zombie)
	 * @param startTime its start time in clock ticks after boot
	 * @param name its command name
	 */
	public record Proc(long pid, long ppid, char state, long startTime, String name) {

		/**
		 * Whether it has ended: a zombie (or dead, {@code X}).
		 * @return whether it has ended
		 */
		public boolean hasEnded() {
			return this.state == 'Z' || this.state == 'X';
		}

		/**
		 * Whether it is gone, or ended, or its pid now names another process.
		 * @return whether it no longer runs
		 */
		public boolean endedNow() {
			return read(this.pid).map((now) -> now.startTime != this.startTime || now.hasEnded()).orElse(true);
		}

		/**
		 * Reads every process in this pid namespace's {@code /proc}.
		 * @return the processes
		 */
		public static List<Proc> all() {
			List<Proc> all = new ArrayList<>();
			try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
				entries.map((entry) -> entry.getFileName().toString())
					.filter((name) -> name.chars().allMatch(Character::isDigit))
					.forEach((name) -> read(Long.parseLong(name)).ifPresent(all::add));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot list /proc", ex);
			}
			return all;
		}

		/**
		 * Reads one process.
		 * @param pid its pid
		 * @return the process, or empty when it is gone
		 */
		public static Optional<Proc> read(long pid) {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
				int close = stat.lastIndexOf(')');
				String name = stat.substring(stat.indexOf('(') + 1, close);
				String[] fields = stat.substring(close + 2).split(" ");
				return Optional.of(new Proc(pid, Long.parseLong(fields[1]), fields[0].charAt(0),
						Long.parseLong(fields[19]), name));
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

		/**
		 * Returns the descendants of a process, zombies included, from one read of the
		 * process table.
		 * @param root the process's pid
		 * @return its descendants
		 */
		public static List<Proc> descendants(long root) {
			List<Proc> all = all();
			List<Proc> found = new ArrayList<>();
			List<Long> parents = new ArrayList<>(List.of(root));
			while (!parents.isEmpty()) {
				List<Long> next = new ArrayList<>();
				for (Proc process : all) {
					if (parents.contains(process.ppid)) {
						found.add(process);
						next.add(process.pid);
					}
				}
				parents = next;
			}
			return found;
		}

	}

}
