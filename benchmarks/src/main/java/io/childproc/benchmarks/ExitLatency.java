package io.childproc.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.childproc.ChildProcess;
import io.childproc.ChildProcessListener;
import io.childproc.DefaultProcessLauncher;

/**
 * Exit-to-{@code EXITED} latency: children that print the monotonic clock (the clock of
 * {@link System#nanoTime()}) as their last act, then exit, are launched at a fixed rate;
 * a listener notes when the launcher reports each one {@code EXITED}. The latency is the
 * difference, so it includes the kernel's exit work after the child's last instruction.
 * The watchers alternate in blocks, in one JVM.
 * <p>
 * Usage:
 * {@code ExitLatency EXIT_STAMP_BINARY RATE_PER_SECOND BLOCK_SECONDS BLOCKS WATCHERS},
 * for example {@code ExitLatency target/exit_stamp 100 2 10 pidfd,jdk,onExit}
 * ({@code onExit}: raw {@link ProcessBuilder} and the JDK's own
 * {@link Process#onExit()}). Prints results lines for {@link Report}.
 */
public final class ExitLatency {

	static final String SECTION = "1c. Exit-to-EXITED latency, children launched at a fixed rate "
			+ "(the child's last instruction to the launcher's exited listener)";

	/**
	 * The watcher argument for raw {@link ProcessBuilder} and {@link Process#onExit()}.
	 */
	static final String JDK_ON_EXIT = "onExit";

	private ExitLatency() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 5,
				"ExitLatency EXIT_STAMP_BINARY RATE_PER_SECOND BLOCK_SECONDS BLOCKS WATCHERS");
		String stamp = arguments.text(0);
		int rate = arguments.integer(1);
		double blockSeconds = arguments.decimal(2);
		int blocks = arguments.integer(3);
		List<String> watchers = arguments.list(4);
		for (int block = 0; block < blocks + 1; block++) {
			for (String watcher : watchers) {
				double load = Launchers.loadAverage();
				Block measured = run(stamp, watcher, rate, blockSeconds);
				long[] latencies = measured.latencies();
				if (block == 0) {
					// Warm-up.
					continue;
				}
				Arrays.sort(latencies);
				double p50 = percentile(latencies, 0.50) / 1e6;
				double p99 = percentile(latencies, 0.99) / 1e6;
				double max = latencies[latencies.length - 1] / 1e6;
				System.err.printf(Locale.ROOT,
						"   block %d %s: p50 %.3f ms, p99 %.3f ms, max %.3f ms, n %d, watcher thread CPU %.1f us/exit "
								+ "(load %.2f)%n",
						block, watcher, p50, p99, max, latencies.length, measured.watcherCpuPerExit() / 1e3, load);
				String row = (JDK_ON_EXIT.equals(watcher) ? "raw ProcessBuilder, Process.onExit()"
						: watcher + " watcher") + ", " + rate + " launches/s: ";
				Report.line(SECTION, row + "p50", "ms", p50, "", "<=1");
				Report.line(SECTION, row + "p99", "ms", p99, "", "<=5");
				Report.line(SECTION, row + "max", "ms", max, "", "");
				Report.line(SECTION, row + "launches per second achieved", "launches/s", measured.launchesPerSecond(),
						"", "");
				if (measured.watcherCpuPerExit() >= 0) {
					Report.line(SECTION, row + "CPU of the watcher thread per exit", "us",
							measured.watcherCpuPerExit() / 1e3, "", "");
				}
				Report.line(SECTION, "load average (1 min) while measuring", "", load, "", "");
			}
		}
	}

	private static Block run(String stamp, String watcher, int rate, double seconds) throws Exception {
		if (JDK_ON_EXIT.equals(watcher)) {
			return runRaw(stamp, rate, seconds);
		}
		Map<Process, Long> exitedAt = new ConcurrentHashMap<>();
		List<Process> children = new ArrayList<>();
		try (DefaultProcessLauncher launcher = Launchers.newLauncher(watcher)) {
			launcher.addListener(new ChildProcessListener() {

				@Override
				public void exited(ChildProcess child) {
					exitedAt.put(child.process(), System.nanoTime());
				}

			});
			long watcherCpu = watcherThreadCpu();
			double achieved = launchAtRate(rate, seconds,
					() -> children.add(launcher.start(new ProcessBuilder(stamp)).process()));
			Block block = collect(children, exitedAt, achieved);
			long watcherCpuAfter = watcherThreadCpu();
			launcher.reap();
			return new Block(block.latencies(), achieved,
					(watcherCpu >= 0 && watcherCpuAfter >= 0) ? (watcherCpuAfter - watcherCpu) / children.size() : -1);
		}
	}

	/**
	 * The JDK alone: raw {@link ProcessBuilder}, the time {@link Process#onExit()}
	 * completes.
	 */
	private static Block runRaw(String stamp, int rate, double seconds) throws Exception {
		Map<Process, Long> exitedAt = new ConcurrentHashMap<>();
		List<Process> children = new ArrayList<>();
		ProcessBuilder builder = new ProcessBuilder(stamp);
		double achieved = launchAtRate(rate, seconds, () -> {
			Process process = builder.start();
			process.onExit().thenRun(() -> exitedAt.put(process, System.nanoTime()));
			children.add(process);
		});
		return collect(children, exitedAt, achieved);
	}

	private interface Launch {

		void run() throws IOException;

	}

	private static double launchAtRate(int rate, double seconds, Launch launch) throws IOException {
		long period = 1_000_000_000L / rate;
		long start = System.nanoTime();
		long next = start;
		long end = start + (long) (seconds * 1e9);
		int launched = 0;
		// At the rate where the machine keeps up, never faster; stops on time when it
		// does not.
		while (next < end && System.nanoTime() < end) {
			LockSupport.parkNanos(next - System.nanoTime());
			launch.run();
			launched++;
			next += period;
		}
		return launched / ((System.nanoTime() - start) / 1e9);
	}

	private static Block collect(List<Process> children, Map<Process, Long> exitedAt, double achieved)
			throws Exception {
		for (Process child : children) {
			child.waitFor();
		}
		long[] latencies = new long[children.size()];
		for (int i = 0; i < latencies.length; i++) {
			Process child = children.get(i);
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (!exitedAt.containsKey(child)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The exit of " + child + " was not reported within 10 s");
				}
				Thread.sleep(1);
			}
			latencies[i] = exitedAt.get(child) - stampOf(child);
		}
		return new Block(latencies, achieved, -1);
	}

	/**
	 * The CPU time of the pidfd watcher's thread so far.
	 * @return nanoseconds, or -1 when there is no such thread
	 */
	private static long watcherThreadCpu() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("childproc-pidfd-exit-watcher")) {
				return threads.getThreadCpuTime(thread.getId());
			}
		}
		return -1;
	}

	/**
	 * One block: the latencies, and the launch rate the machine kept up.
	 */
	private record Block(long[] latencies, double launchesPerSecond, long watcherCpuPerExit) {

	}

	private static long stampOf(Process child) throws IOException {
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		return Long.parseLong(output.trim());
	}

	private static double percentile(long[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
