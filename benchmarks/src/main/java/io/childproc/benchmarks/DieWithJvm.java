package io.childproc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.childproc.benchmarks.Slices.Launch;
import io.childproc.benchmarks.Slices.Slice;

/**
 * The die-with-the-JVM experiment (issue 20, item 4): can a child be made to die with the
 * JVM even on {@code kill -9}, through Linux's parent-death signal set by util-linux
 * {@code setpriv --pdeathsig KILL} as a prefix of the command, what does it cost per
 * launch, and where does it fail? Plain JDK, no childproc code: it measures the
 * mechanism, not the launcher.
 * <p>
 * Usage (run through {@code benchmarks/die-with-jvm.sh}):
 * <ul>
 * <li>{@code DieWithJvm cost PAIRS SLICE_SECONDS}: launches of {@code /bin/true} per
 * second, plain against wrapped, in interleaved slices (ABBA) in one JVM; each pair gives
 * one ratio;</li>
 * <li>{@code DieWithJvm traps}: each trap tried with real processes, one markdown row
 * each;</li>
 * <li>{@code DieWithJvm victim}: a JVM that starts the children of the kill test, prints
 * their pids and waits to be killed (started by {@code traps}).</li>
 * </ul>
 * Every process it starts carries {@value #RUN_VARIABLE} in its environment; the script
 * kills whatever is left with it.
 */
public final class DieWithJvm {

	static final String RUN_VARIABLE = "CHILDPROC_DIE_WITH_JVM_RUN";

	private static final String WATCHDOG_MARK = "CHILDPROC_DIE_WITH_JVM_MARK";

	private static final List<String> WRAPPER = List.of("setpriv", "--pdeathsig", "KILL");

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private DieWithJvm() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "";
		switch (mode) {
			case "cost" -> cost(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
			case "traps" -> traps();
			case "victim" -> victim(args.length > 1 ? args[1] : "");
			default -> {
				System.err.println("Usage: DieWithJvm cost PAIRS SLICE_SECONDS | traps");
				System.exit(2);
			}
		}
	}

	// ---- cost

	private static void cost(int pairs, double slice) throws Exception {
		List<String> plain = List.of("/bin/true");
		List<String> wrapped = wrapped("/bin/true");
		ExecutorService spawner = Executors.newSingleThreadExecutor();
		try {
			Launch plainLaunch = () -> run(plain);
			Launch wrappedLaunch = () -> run(wrapped);
			Launch handedOff = () -> spawner.submit(() -> start(wrapped)).get().waitFor();
			rate(plainLaunch, slice);
			rate(wrappedLaunch, slice);
			rate(handedOff, slice);
			List<Double> wrappedRatios = new ArrayList<>();
			List<Double> handoffRatios = new ArrayList<>();
			List<Double> extraMicros = new ArrayList<>();
			List<Double> cpuRatios = new ArrayList<>();
			List<Double> plainCpu = new ArrayList<>();
			List<Double> wrappedCpu = new ArrayList<>();
			for (int pair = 0; pair < pairs; pair++) {
				double load = loadAverage();
				Slice plainSlice;
				Slice wrappedSlice;
				Slice handoffSlice;
				if (pair % 2 == 0) {
					plainSlice = rate(plainLaunch, slice);
					wrappedSlice = rate(wrappedLaunch, slice);
					handoffSlice = rate(handedOff, slice);
				}
				else {
					handoffSlice = rate(handedOff, slice);
					wrappedSlice = rate(wrappedLaunch, slice);
					plainSlice = rate(plainLaunch, slice);
				}
				double a = plainSlice.perSecond();
				double b = wrappedSlice.perSecond();
				double c = handoffSlice.perSecond();
				wrappedRatios.add(b / a);
				handoffRatios.add(c / a);
				extraMicros.add((1e6 / b) - (1e6 / a));
				cpuRatios.add(wrappedSlice.cpuPerLaunch() / plainSlice.cpuPerLaunch());
				plainCpu.add(plainSlice.cpuPerLaunch() / 1e3);
				wrappedCpu.add(wrappedSlice.cpuPerLaunch() / 1e3);
				System.err.printf(Locale.ROOT,
						"   pair %d: plain %.0f/s, setpriv %.0f/s (%.3f), setpriv from a spawn thread %.0f/s (%.3f),"
								+ " load %.2f%n",
						pair + 1, a, b, b / a, c, c / a, load);
			}
			System.out.printf(Locale.ROOT,
					"| setpriv --pdeathsig KILL /bin/true / plain /bin/true | %.3f | %.3f-%.3f | %d |%n",
					median(wrappedRatios), min(wrappedRatios), max(wrappedRatios), pairs);
			System.out.printf(Locale.ROOT,
					"| the same, started by one long-lived spawn thread (hand-off) / plain | %.3f | %.3f-%.3f | %d |%n",
					median(handoffRatios), min(handoffRatios), max(handoffRatios), pairs);
			System.out.printf(Locale.ROOT,
					"| extra time per launch, setpriv against plain (us) | %.0f | %.0f-%.0f | %d |%n",
					median(extraMicros), min(extraMicros), max(extraMicros), pairs);
			System.out.printf(Locale.ROOT,
					"| the children's CPU time per launch (cutime+cstime), setpriv / plain; load-independent | %.2f |"
							+ " %.2f-%.2f | %d |%n",
					median(cpuRatios), min(cpuRatios), max(cpuRatios), pairs);
			System.out.printf(Locale.ROOT,
					"| the children's CPU time per launch (us): plain | %.0f | %.0f-%.0f | %d |%n", median(plainCpu),
					min(plainCpu), max(plainCpu), pairs);
			System.out.printf(Locale.ROOT,
					"| the children's CPU time per launch (us): setpriv | %.0f | %.0f-%.0f | %d |%n",
					median(wrappedCpu), min(wrappedCpu), max(wrappedCpu), pairs);
		}
		finally {
			spawner.shutdownNow();
		}
	}

	/**
	 * One slice: launches per second, and the children's CPU nanoseconds per launch.
	 */
	private static Slice rate(Launch launch, double seconds) throws Exception {
		return Slices.measure(launch, seconds, DieWithJvm::childrenCpuNanos);
	}

	/**
	 * The CPU time of the JVM's waited-for children ({@code cutime + cstime} of
	 * {@code /proc/self/stat}), in nanoseconds; clock ticks of 10 ms.
	 */
	private static long childrenCpuNanos() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// Fields 16 and 17 of stat(5); the array starts at field 3.
		return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10_000_000L;
	}

	private static int run(List<String> command) throws Exception {
		return start(command).waitFor();
	}

	// ---- traps

	private static void traps() throws Exception {
		System.out.println("| trap | what was done | seen |");
		System.out.println("|---|---|---|");
		threadTrap();
		killTrap(false);
		if (isRoot() && onPath("unshare")) {
			killTrap(true);
		}
		else {
			row("JVM as PID 1", "needs root and unshare", "not run");
		}
		commandTrap();
		missingProgramTrap();
	}

	/** The signal follows the thread that forked the child, not the JVM. */
	private static void threadTrap() throws Exception {
		Process[] started = new Process[1];
		Thread shortLived = new Thread(() -> started[0] = startUnchecked(wrapped("sleep", "600")));
		shortLived.start();
		shortLived.join();
		Optional<String> death = awaitDeath(started[0]);
		row("thread", "`setpriv --pdeathsig KILL sleep 600` started from a thread that then ends; the JVM lives on",
				death.map((how) -> "the child died with the thread: " + how).orElse("the child lives"));
		ExecutorService spawner = Executors.newSingleThreadExecutor();
		Process kept = spawner.submit(() -> start(wrapped("sleep", "600"))).get();
		Optional<String> early = awaitDeath(kept, Duration.ofSeconds(2));
		spawner.shutdown();
		spawner.awaitTermination(10, TimeUnit.SECONDS);
		Optional<String> late = awaitDeath(kept);
		row("thread", "the same started from a long-lived spawn thread; 2 s later that thread ends",
				(early.isPresent() ? "died early: " + early.get() : "lived while the thread lived")
						+ late.map((how) -> "; died when it ended: " + how).orElse("; still lives after it ended"));
		destroy(started[0]);
		destroy(kept);
	}

	/** kill -9 of a JVM: which of its children and grandchildren die. */
	private static void killTrap(boolean asPid1) throws Exception {
		List<String> command = new ArrayList<>();
		if (asPid1) {
			command.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc"));
		}
		command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), DieWithJvm.class.getName(), "victim",
				suidSleep().map(Path::toString).orElse("")));
		Process launched = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Map<String, String> labels = new LinkedHashMap<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(launched.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null && !line.equals("READY")) {
				String[] fields = line.split(" ", 2);
				labels.put(fields[0], fields[1]);
			}
		}
		// Read from this JVM's side: pids seen inside another pid namespace mean nothing
		// here.
		ProcessHandle jvm = asPid1 ? launched.toHandle().children().findFirst().orElseThrow() : launched.toHandle();
		Map<String, ProcessHandle> children = new LinkedHashMap<>();
		jvm.children().forEach((child) -> {
			String commandLine = child.info().commandLine().orElse("?");
			String label = commandLine.contains("read _") ? "the watchdog" : labels.get(seconds(child));
			children.put((label != null) ? label : "child " + commandLine, child);
			child.children()
				.forEach((grandchild) -> children
					.put("its grandchild `" + grandchild.info().commandLine().orElse("?") + "`", grandchild));
		});
		jvm.destroyForcibly();
		launched.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		StringBuilder seen = new StringBuilder();
		for (Map.Entry<String, ProcessHandle> child : children.entrySet()) {
			boolean died = awaitEnd(child.getValue(), DEADLINE);
			seen.append(seen.isEmpty() ? "" : "; ").append(child.getKey()).append(died ? ": died" : ": SURVIVED");
			child.getValue().destroyForcibly();
		}
		row(asPid1 ? "JVM as PID 1" : "kill -9",
				(asPid1 ? "`unshare --pid --fork --mount-proc java ...`: " : "") + "the JVM killed with SIGKILL",
				seen.toString());
	}

	private static void victim(String suidSleep) throws Exception {
		List<Process> started = new ArrayList<>();
		started.add(start(wrapped("sleep", "600")));
		started.add(start(wrapped("sh", "-c", "sleep 601 & wait")));
		started.add(start(List.of("sleep", "603")));
		if (!suidSleep.isEmpty()) {
			started.add(start(wrapped(suidSleep, "602")));
		}
		// The alternative: one watchdog per JVM, and a mark in every child's environment.
		String mark = ProcessHandle.current().pid() + "-" + ProcessHandle.current().info().startInstant().orElseThrow();
		Process watchdog = watchdog(mark);
		ProcessBuilder marked = new ProcessBuilder("sh", "-c", "sleep 604 & setsid sleep 605 & wait");
		marked.environment().put(WATCHDOG_MARK, mark);
		marked.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
		Process markedShell = marked.start();
		// Let the shell start its sleep.
		for (Process process : started) {
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			while (process.info().command().orElse("").endsWith("setpriv") && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while ((started.get(1).children().findAny().isEmpty() || markedShell.children().count() < 2)
				&& System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		report(started.get(0), "`setpriv --pdeathsig KILL sleep 600`");
		report(started.get(1), "`setpriv --pdeathsig KILL sh -c 'sleep 601 & wait'`");
		report(started.get(2), "`sleep 603` (control, no wrapper)");
		if (!suidSleep.isEmpty()) {
			report(started.get(3),
					"`setpriv --pdeathsig KILL suid-sleep 602` (a set-uid copy of sleep owned by nobody)");
		}
		report(markedShell, "`sh -c 'sleep 604 & setsid sleep 605 & wait'`, no wrapper, marked for the watchdog");
		System.out.println("READY");
		System.out.flush();
		Thread.sleep(Duration.ofMinutes(10).toMillis());
	}

	/**
	 * Starts the watchdog: a shell that reads its standard input, a pipe whose other end
	 * only this JVM holds (the JDK closes every other descriptor in its children), so
	 * that the read ends when the JVM has ended, however; then it sends SIGTERM to every
	 * process that carries the mark. It ignores the signals a terminal or a supervisor
	 * sends to a whole process group.
	 */
	private static Process watchdog(String mark) throws IOException {
		String script = "trap '' INT TERM HUP; read _; kill -TERM $(grep -lxzs '" + WATCHDOG_MARK + "=" + mark
				+ "' /proc/[0-9]*/environ | sed -n 's#^/proc/\\([0-9]*\\)/environ$#\\1#p') 2>/dev/null; exit 0";
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", script);
		builder.environment().remove(WATCHDOG_MARK);
		return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	private static Process report(Process process, String what) {
		System.out.println(seconds(process.toHandle()) + " " + what);
		return process;
	}

	/** The sleep time that tells the victim's children apart. */
	private static String seconds(ProcessHandle process) {
		String[] arguments = process.info().arguments().orElse(new String[0]);
		String last = (arguments.length > 0) ? arguments[arguments.length - 1] : "";
		return last.replaceAll("[^0-9]", "");
	}

	/** What the wrapper does to what ps, the JDK and the launcher see. */
	private static void commandTrap() throws Exception {
		int launches = 100;
		int sawWrapper = 0;
		for (int i = 0; i < launches; i++) {
			Process process = start(wrapped("sleep", "600"));
			String comm = comm(process.pid());
			if (comm.equals("setpriv")) {
				sawWrapper++;
			}
			destroy(process);
		}
		Process process = start(wrapped("sleep", "600"));
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!comm(process.pid()).equals("sleep") && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		String after = "comm `" + comm(process.pid()) + "`, `Process.info().commandLine()` `"
				+ process.info().commandLine().orElse("?") + "`, parent "
				+ process.toHandle()
					.parent()
					.map((parent) -> (parent.pid() == ProcessHandle.current().pid()) ? "the JVM" : "" + parent.pid())
					.orElse("?");
		destroy(process);
		row("command", "`/proc/<pid>/comm` read as soon as `start()` returned, " + launches + " launches",
				sawWrapper + " of " + launches + " still showed `setpriv`; once it exec'd: " + after);
	}

	/** A program that cannot be run: start() no longer fails. */
	private static void missingProgramTrap() throws Exception {
		String plain;
		try {
			destroy(start(List.of("no-such-program-childproc")));
			plain = "started (!)";
		}
		catch (IOException ex) {
			plain = "`start()` throws `IOException: " + ex.getMessage().replace('\n', ' ') + "`";
		}
		Process process = new ProcessBuilder(wrapped("no-such-program-childproc")).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		int exit = process.waitFor();
		row("missing program", "start `no-such-program-childproc`, plain and wrapped", "plain: " + plain
				+ "; wrapped: `start()` succeeds, the child exits " + exit + " printing `" + output + "`");
	}

	// ---- helpers

	private static List<String> wrapped(String... command) {
		List<String> full = new ArrayList<>(WRAPPER);
		full.addAll(Arrays.asList(command));
		return full;
	}

	private static Process start(List<String> command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull()))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		return builder.start();
	}

	private static java.io.File devNull() {
		return new java.io.File("/dev/null");
	}

	private static Process startUnchecked(List<String> command) {
		try {
			return start(command);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A copy of sleep owned by nobody with the set-uid bit, when this runs as root. */
	private static Optional<Path> suidSleep() {
		if (!isRoot()) {
			return Optional.empty();
		}
		try {
			Path dir = Files.createTempDirectory("die-with-jvm");
			Path copy = dir.resolve("suid-sleep");
			Files.copy(Path.of("/bin/sleep"), copy);
			UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
			Files.setOwner(copy, nobody);
			// The JDK cannot set the set-uid bit.
			if (new ProcessBuilder("chmod", "4755", copy.toString()).start().waitFor() != 0) {
				return Optional.empty();
			}
			copy.toFile().deleteOnExit();
			dir.toFile().deleteOnExit();
			return Optional.of(copy);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private static String comm(long pid) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
		}
		catch (IOException ex) {
			return "(gone)";
		}
	}

	private static Optional<String> awaitDeath(Process process) throws InterruptedException {
		return awaitDeath(process, DEADLINE);
	}

	private static Optional<String> awaitDeath(Process process, Duration limit) throws InterruptedException {
		if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
			return Optional.empty();
		}
		int exit = process.exitValue();
		return Optional.of((exit > 128) ? "signal " + (exit - 128) : "exit " + exit);
	}

	private static boolean awaitEnd(ProcessHandle handle, Duration limit) throws Exception {
		try {
			handle.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return !handle.isAlive();
		}
	}

	private static void destroy(Process process) throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	private static void row(String trap, String done, String seen) {
		System.out.println("| " + trap + " | " + done + " | " + seen + " |");
		System.out.flush();
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

}
