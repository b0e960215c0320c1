package io.childproc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.childproc.internal.natives.Natives;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.RealPrograms.Proc;

/**
 * Runs real programs through a launcher in a JVM that adopts orphans, the way a JVM runs
 * in a container without an init, and reports on stdout one line per scenario:
 * {@code RESULT <scenario> key=value ...}. First argument {@code pid1} (run under
 * {@code unshare --pid --fork --mount-proc}: every process of the namespace but the JVM
 * is counted as left) or {@code subreaper} (the JVM becomes a child subreaper: its
 * descendants are counted); then the scenarios:
 * <ul>
 * <li>{@code close-sh}: a shell with two background sleeps, running at close;</li>
 * <li>{@code close-chromium}: a lasting headless Chromium, running at close;</li>
 * <li>{@code terminate-chromium}, {@code timeout-chromium}: a lasting Chromium ended by
 * {@code terminate()}, by a 3 s timeout;</li>
 * <li>{@code ffmpeg-timeout}: an endless ffmpeg with a 2 s timeout;</li>
 * <li>{@code dump-dom}: two short Chromium runs, with a process-tree monitor that reaps
 * adopted orphans every 200 ms.</li>
 * </ul>
 * Keys: {@code left} and {@code zombies} (processes and zombies left besides the JVM,
 * read at once after the call returned), {@code tree} (processes in the tree before it
 * was ended), {@code treeEnded}, {@code outcome}, {@code millis} (how long the ending
 * took); after {@code terminate()} and a timeout, {@code left} is read once a monitor has
 * reaped the orphans Chromium's start-up left ({@code leftOnceReaped}), {@code atOnce}
 * right after the call.
 */
public final class RealProgramsMain {

	private static final long self = ProcessHandle.current().pid();

	private static boolean pid1;

	private RealProgramsMain() {
	}

	public static void main(String[] args) throws Exception {
		pid1 = args[0].equals("pid1");
		if (pid1) {
			System.out.println("pid: " + self);
			if (self != 1) {
				System.exit(2);
			}
		}
		else {
			System.out.println("subreaper: " + Natives.reapingCalls().becomeChildSubreaper());
		}
		Path temp = Files.createTempDirectory("childproc-real-programs");
		try {
			for (int i = 1; i < args.length; i++) {
				Path profile = Files.createDirectory(temp.resolve("profile-" + i));
				System.out.println("RESULT " + args[i] + " " + run(args[i], profile));
				System.out.flush();
			}
		}
		finally {
			RealPrograms.deleteQuietly(temp);
		}
		System.exit(0);
	}

	private static String run(String scenario, Path profile) throws Exception {
		List<String> chromium = RealPrograms.chromium().orElse(List.of());
		LauncherSettings settings = LauncherSettings.defaults()
			.withShutdownGracePeriod(Duration.ofSeconds(2))
			.withTerminateGracePeriod(Duration.ofSeconds(2));
		return switch (scenario) {
			case "close-sh" ->
				close(settings, List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), (tree) -> tree.size() >= 2, null);
			case "close-chromium" ->
				close(settings, RealPrograms.lastingChromium(chromium, profile), RealProgramsMain::chromiumUp, profile);
			case "terminate-chromium" -> terminate(settings, RealPrograms.lastingChromium(chromium, profile), profile);
			case "timeout-chromium" ->
				timeout(settings, RealPrograms.lastingChromium(chromium, profile), Duration.ofSeconds(3), profile);
			case "ffmpeg-timeout" -> timeout(settings, RealPrograms.endlessFfmpeg(RealPrograms.ffmpeg().orElseThrow()),
					Duration.ofSeconds(2), null);
			case "dump-dom" -> dumpDom(settings, chromium, profile);
			default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
		};
	}

	/** Starts the command, waits until it is up, closes the launcher. */
	private static String close(LauncherSettings settings, List<String> command, Predicate<List<Proc>> up, Path stderr)
			throws Exception {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings);
		try {
			ChildProcess child = launcher.start(builder(command, stderr));
			int tree = awaitUp(child, up, stderr);
			long began = System.nanoTime();
			launcher.close();
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			// The JDK reaps its own child, the root, within milliseconds.
			child.process().waitFor();
			return "tree=" + tree + " millis=" + millis + " " + left();
		}
		finally {
			launcher.close();
		}
	}

	private static String terminate(LauncherSettings settings, List<String> command, Path profile) throws Exception {
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings)) {
			ChildProcess child = launcher.start(builder(command, profile));
			int tree = awaitUp(child, RealProgramsMain::chromiumUp, profile);
			List<Proc> processes = Proc.descendants(self);
			long began = System.nanoTime();
			boolean ended = child.terminate(Duration.ofSeconds(2));
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			boolean treeEnded = processes.stream().allMatch(Proc::endedNow);
			child.process().waitFor();
			return "tree=" + tree + " ended=" + ended + " treeEnded=" + treeEnded + " millis=" + millis + " "
					+ leftOnceReaped(launcher);
		}
	}

	/**
	 * Starts the command with a timeout and collects every process of the tree until the
	 * child's exit is seen: what ran by the time the timeout passed.
	 */
	private static String timeout(LauncherSettings settings, List<String> command, Duration timeout, Path profile)
			throws Exception {
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings)) {
			long began = System.nanoTime();
			ChildProcess child = launcher.start(builder(command, profile),
					StartOptions.named("real").withTimeout(timeout));
			Map<Long, Proc> seen = new HashMap<>();
			CompletableFuture<ChildProcess> exit = child.onExit();
			while (!exit.isDone()) {
				Proc.descendants(self).forEach((process) -> seen.putIfAbsent(process.pid(), process));
				Thread.sleep(50);
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			// The timeout ends the tree on a thread of its own: the exit may be seen
			// first.
			awaitTrue(() -> seen.values().stream().allMatch(Proc::endedNow), 10);
			boolean treeEnded = seen.values().stream().allMatch(Proc::endedNow);
			return "tree=" + seen.size() + " outcome=" + child.outcome().orElse(null) + " treeEnded=" + treeEnded
					+ " millis=" + millis + " " + leftOnceReaped(launcher);
		}
	}

	/**
	 * Two short runs, each waited for; then the time until the monitor has reaped what
	 * they left.
	 */
	private static String dumpDom(LauncherSettings settings, List<String> chromium, Path profile) throws Exception {
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings);
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ofMillis(200)))) {
			StringBuilder codes = new StringBuilder();
			boolean printed = true;
			for (int run = 0; run < 2; run++) {
				Path dir = Files.createDirectory(profile.resolve("run-" + run));
				ChildProcess child = launcher
					.start(new ProcessBuilder(RealPrograms.dumpDom(chromium, dir, "<p>childproc-" + run + "</p>"))
						.redirectError(ProcessBuilder.Redirect.DISCARD));
				String dom = new String(child.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				printed &= dom.contains("childproc-" + run);
				codes.append(child.process().waitFor(30, TimeUnit.SECONDS) ? child.process().exitValue() : -1)
					.append(',');
			}
			long began = System.nanoTime();
			awaitTrue(() -> zombies(all()) == 0, 10);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			return "exits=" + codes + " printed=" + printed + " zombieFreeMillis=" + millis + " " + left();
		}
	}

	private static ProcessBuilder builder(List<String> command, Path stderrDir) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
		if (stderrDir != null) {
			builder.redirectError(stderrDir.resolve("stderr").toFile());
		}
		else {
			builder.redirectError(ProcessBuilder.Redirect.DISCARD);
		}
		return builder;
	}

	/** Waits until the child's tree is up; returns how many processes it has. */
	private static int awaitUp(ChildProcess child, Predicate<List<Proc>> up, Path stderrDir) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			List<Proc> tree = Proc.descendants(child.pid());
			boolean ready = stderrDir == null || stderr(stderrDir).contains(RealPrograms.CHROMIUM_READY);
			if (ready && up.test(tree)) {
				return tree.size() + 1;
			}
			if (!child.process().isAlive()) {
				throw new IllegalStateException("The child exited early: " + stderr(stderrDir));
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("The child was not up in 30 s: " + Proc.descendants(child.pid()));
	}

	/** A browser, two zygotes and a renderer at least. */
	private static boolean chromiumUp(List<Proc> tree) {
		return tree.size() >= 4;
	}

	private static String stderr(Path dir) throws IOException {
		Path file = (dir != null) ? dir.resolve("stderr") : null;
		return (file != null && Files.exists(file)) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
	}

	private static void awaitTrue(java.util.function.BooleanSupplier condition, int seconds)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	/**
	 * The processes besides the JVM: the namespace's as PID 1, the JVM's descendants
	 * else.
	 */
	private static List<Proc> all() {
		return pid1 ? Proc.all().stream().filter((process) -> process.pid() != self).toList() : Proc.descendants(self);
	}

	private static long zombies(List<Proc> processes) {
		return processes.stream().filter(Proc::hasEnded).count();
	}

	/**
	 * What is left at once, then what is left once a process-tree monitor (200 ms scans)
	 * has reaped the orphans that Chromium's start-up left to the JVM: a helper whose
	 * parent exits early is adopted while it runs, carries no readable mark (the browser
	 * rewrites its title over its environment), and exits on its own once the tree has
	 * ended.
	 */
	private static String leftOnceReaped(DefaultProcessLauncher launcher) throws InterruptedException {
		String atOnce = left();
		ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ofMillis(200)));
		try {
			awaitTrue(() -> all().isEmpty(), 10);
		}
		finally {
			monitor.close();
		}
		return left() + " atOnce:" + atOnce.replace(' ', ',');
	}

	private static String left() {
		List<Proc> left = all();
		Optional<String> names = left.stream()
			.map((process) -> process.pid() + ":" + process.name() + ":" + process.state() + ":" + process.ppid())
			.reduce((a, b) -> a + "," + b);
		return "left=" + left.size() + " zombies=" + zombies(left) + " list=" + names.orElse("-");
	}

}
