package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.nuprocess.NuAbstractProcessHandler;
import com.zaxxer.nuprocess.NuProcess;
import com.zaxxer.nuprocess.NuProcessBuilder;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.exit.ExitWatchers;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.zeroturnaround.exec.ProcessExecutor;

/**
 * The ways of launching {@code /bin/true} and waiting for it that the benchmarks compare,
 * and the long-lived {@code sleep} children that give a launcher something to track.
 */
final class Launchers {

	static final String TRUE = "/bin/true";

	/** How long the idle children live if the benchmark dies before it ends them. */
	static final String SLEEP_SECONDS = "600";

	private Launchers() {
	}

	/**
	 * Returns launcher settings fit for a benchmark: no background reap (the benchmark
	 * reaps, or start does), a short shutdown grace period ({@code sleep} ends on SIGTERM
	 * at once).
	 * @return the settings
	 */
	static LauncherSettings settings() {
		return LauncherSettings.defaults()
			.withReapInterval(Duration.ZERO)
			.withShutdownGracePeriod(Duration.ofSeconds(2));
	}

	/**
	 * Returns a launcher with the benchmark settings and the given exit watcher.
	 * @param watcher {@code auto}, {@code pidfd} or {@code jdk}
	 * @return the launcher
	 */
	static DefaultProcessLauncher newLauncher(String watcher) {
		return new DefaultProcessLauncher(settings()
			.withExitWatcher(ExitWatchers.of(ExitWatchers.Mode.parse(watcher, "The benchmark's watcher argument"))));
	}

	/**
	 * Names the exit watcher a launcher runs.
	 * @param launcher the launcher
	 * @return {@code pidfd} or {@code jdk}
	 */
	static String watcherName(DefaultProcessLauncher launcher) {
		return launcher.exitWatcherName();
	}

	/**
	 * Reads the load average over the last minute, to report beside each figure.
	 * @return the load average, or -1 where it cannot be read
	 */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	static int rawProcessBuilder() throws IOException, InterruptedException {
		return new ProcessBuilder(TRUE).start().waitFor();
	}

	static int launcher(DefaultProcessLauncher launcher) throws IOException, InterruptedException {
		return launcher.start(new ProcessBuilder(TRUE)).process().waitFor();
	}

	static int commonsExec(DefaultExecutor executor) throws IOException {
		return executor.execute(new CommandLine(TRUE));
	}

	static int ztExec() throws Exception {
		return new ProcessExecutor().command(TRUE).execute().getExitValue();
	}

	static int nuProcess() throws InterruptedException {
		NuProcessBuilder builder = new NuProcessBuilder(TRUE);
		builder.setProcessListener(new NuAbstractProcessHandler() {
		});
		NuProcess process = builder.start();
		return process.waitFor(0, TimeUnit.SECONDS);
	}

	/**
	 * Starts idle {@code sleep} children through the launcher, so that it tracks them.
	 * @param launcher the launcher
	 * @param count how many
	 * @return the children
	 * @throws IOException when one cannot be started
	 */
	static List<ChildProcess> startIdleChildren(DefaultProcessLauncher launcher, int count) throws IOException {
		// Two threads: a start is mostly fork and exec, and this machine has two cores.
		List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>(count));
		AtomicInteger next = new AtomicInteger();
		AtomicReference<IOException> failure = new AtomicReference<>();
		Runnable starter = () -> {
			while (failure.get() == null && next.getAndIncrement() < count) {
				try {
					children.add(launcher.start(idleChild()));
				}
				catch (IOException ex) {
					failure.compareAndSet(null, new IOException(
							"Started " + children.size() + " of " + count + " idle children, then: " + ex.getMessage()
									+ "; check ulimit -u, ulimit -n, /proc/sys/kernel/pid_max and free memory",
							ex));
				}
			}
		};
		Thread helper = new Thread(starter, "idle-children-starter");
		helper.start();
		starter.run();
		try {
			helper.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while starting idle children", ex);
		}
		if (failure.get() != null) {
			throw failure.get();
		}
		return new ArrayList<>(children);
	}

	/**
	 * Ends many idle children without {@link DefaultProcessLauncher#close()}'s per-child
	 * process-tree walk (which reads all of {@code /proc} once per child): SIGKILL to
	 * each, then wait for each exit. The children have no descendants, so nothing is left
	 * behind.
	 * @param children the children
	 */
	static void killDirectly(List<ChildProcess> children) throws InterruptedException {
		for (ChildProcess child : children) {
			child.process().destroyForcibly();
		}
		for (ChildProcess child : children) {
			child.process().waitFor();
		}
	}

	/**
	 * An idle child that holds no descriptor in the JVM (three pipes per child would hit
	 * {@code ulimit -n} long before 10,000 children).
	 */
	static ProcessBuilder idleChild() {
		return new ProcessBuilder("sleep", SLEEP_SECONDS).redirectInput(new java.io.File("/dev/null"))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD);
	}

	static List<Process> startIdleProcesses(int count) throws IOException {
		List<Process> processes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			processes.add(idleChild().start());
		}
		return processes;
	}

	static void killProcesses(List<Process> processes) throws InterruptedException {
		for (Process process : processes) {
			process.destroyForcibly();
		}
		for (Process process : processes) {
			process.waitFor();
		}
	}

}
