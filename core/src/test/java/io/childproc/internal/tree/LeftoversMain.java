package io.childproc.internal.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.linux.ProcessTable;

/**
 * An application for {@link LeftoversTests}, run in a JVM of its own.
 * <ul>
 * <li>{@code run APPLICATION_ID}: starts a child whose shell has a child of its own, and
 * a second child; prints each as {@code PROCESS <pid> <start time> <name>} (so that the
 * test can end them whatever happens), then {@code JVM <pid>} and {@code READY}, and
 * waits to be killed. {@link #startDetached} starts it outside the caller's process tree,
 * as another instance on the host would run.</li>
 * <li>{@code restart APPLICATION_ID END}: starts the way an application does (a launcher,
 * then its process-tree monitor, with {@code childproc.leftovers.end} set to END), prints
 * each leftover the monitor found as {@code LEFTOVER <pid> <jvm pid> <root>}, and
 * exits.</li>
 * </ul>
 */
public final class LeftoversMain {

	private static final ProcessTable table = LinuxProcessTable.system();

	private static final long self = ProcessHandle.current().pid();

	private LeftoversMain() {
	}

	public static void main(String[] args) throws Exception {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withApplicationId(args[1]));
		if (args[0].equals("run")) {
			launcher.start("sh", "-c", "sleep 311 & wait");
			launcher.start("sleep", "312");
			report("shell", awaitDescendant("sh -c sleep 311 & wait"));
			report("grandchild", awaitDescendant("sleep 311"));
			report("child", awaitDescendant("sleep 312"));
			System.out.println("JVM " + self);
			System.out.println("READY");
			System.out.flush();
			Thread.sleep(TimeUnit.MINUTES.toMillis(5));
			System.exit(1);
		}
		ProcessTreeMonitorSettings settings = new ProcessTreeMonitorSettings(Duration.ZERO, false, 25)
			.withEndLeftovers(Boolean.parseBoolean(args[2]), Duration.ofSeconds(2));
		try (ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(), settings)) {
			for (LeftoverProcess leftover : monitor.leftovers()) {
				System.out.println("LEFTOVER " + leftover.pid() + " " + leftover.jvmPid() + " " + leftover.root());
			}
		}
		launcher.close();
		System.out.println("DONE");
		System.exit(0);
	}

	/**
	 * Starts a first run outside the caller's process tree (through a shell that exits at
	 * once, so that the JVM is reparented away: a descendant of the caller would be left
	 * out of the caller's look for leftovers for that reason alone), and waits until its
	 * children run.
	 * @param applicationId the application id
	 * @return the running JVM and the processes it made
	 * @throws IOException when it cannot be started
	 */
	public static FirstRun startDetached(String applicationId) throws IOException {
		List<String> lines;
		StringBuilder command = new StringBuilder();
		for (String word : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LeftoversMain.class.getName(),
				"run", applicationId)) {
			command.append('\'').append(word.replace("'", "'\\''")).append("' ");
		}
		// A file, not a pipe: the JDK closes a child's pipe when the child (the shell)
		// exits.
		Path output = Files.createTempFile("leftovers-first-run", ".out");
		try {
			Process shell = new ProcessBuilder("sh", "-c", command + "2>/dev/null </dev/null &")
				.redirectOutput(output.toFile())
				.start();
			shell.waitFor(20, TimeUnit.SECONDS);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!Files.readString(output).contains("READY\n") && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			lines = Files.readAllLines(output);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			lines = Files.readAllLines(output);
		}
		finally {
			Files.deleteIfExists(output);
		}
		List<ProcessInfo> made = new ArrayList<>();
		ProcessHandle jvm = null;
		for (String line : lines) {
			String[] fields = line.split(" ");
			if (fields.length == 4 && fields[0].equals("PROCESS")) {
				made.add(new ProcessInfo(Long.parseLong(fields[1]), 0, ProcessState.RUNNING, List.of(fields[3]),
						Long.parseLong(fields[2])));
			}
			else if (fields.length == 2 && fields[0].equals("JVM")) {
				jvm = ProcessHandle.of(Long.parseLong(fields[1])).orElse(null);
			}
		}
		if (jvm == null || made.size() != 3) {
			if (jvm != null) {
				jvm.destroyForcibly();
			}
			made.forEach((process) -> ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly));
			throw new IllegalStateException("The first run did not start: " + made);
		}
		return new FirstRun(jvm, made);
	}

	/**
	 * A first run of the application: its JVM, and the processes it made.
	 *
	 * @param jvm the JVM, outside the caller's tree
	 * @param made the shell, its child and the second child
	 */
	public record FirstRun(ProcessHandle jvm, List<ProcessInfo> made) {

		/**
		 * Kills the JVM with SIGKILL and waits until it has ended.
		 */
		public void kill() {
			this.jvm.destroyForcibly();
			this.jvm.onExit().orTimeout(20, TimeUnit.SECONDS).join();
		}

	}

	private static void report(String name, ProcessInfo process) {
		System.out.println("PROCESS " + process.pid() + " " + process.startTime() + " " + name);
	}

	/** Waits until a descendant of the JVM runs the given command. */
	private static ProcessInfo awaitDescendant(String commandLine) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			List<ProcessInfo> found = table.descendants(self)
				.stream()
				.filter((process) -> process.commandLine().equals(commandLine))
				.toList();
			if (!found.isEmpty()) {
				return found.get(0);
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("No descendant of the JVM runs [" + commandLine + "] after 20 s");
	}

}
