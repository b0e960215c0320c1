package io.childproc.benchmarks;

import java.io.IOException;
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
 * for example {@code ExitLatency target/exit_stamp 100 2 10 pidfd,jdk}. Prints results
 * lines for {@link Report}.
 */
public final class ExitLatency {

	static final String SECTION = "1c. Exit-to-EXITED latency, children launched at a fixed rate "
			+ "(the child's last instruction to the launcher's exited listener)";

	private ExitLatency() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 5) {
			System.err.println("Usage: ExitLatency EXIT_STAMP_BINARY RATE_PER_SECOND BLOCK_SECONDS BLOCKS WATCHERS");
			System.exit(2);
		}
		String stamp = args[0];
		int rate = Integer.parseInt(args[1]);
		double blockSeconds = Double.parseDouble(args[2]);
		int blocks = Integer.parseInt(args[3]);
		List<String> watchers = Arrays.asList(args[4].split(","));
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
						"   block %d %s: p50 %.3f ms, p99 %.3f ms, max %.3f ms, n %d (load %.2f)%n", block, watcher,
						p50, p99, max, latencies.length, load);
				String row = watcher + " watcher, " + rate + " launches/s: ";
				Report.line(SECTION, row + "p50", "ms", p50, "", "<=1");
				Report.line(SECTION, row + "p99", "ms", p99, "", "<=5");
				Report.line(SECTION, row + "max", "ms", max, "", "");
				Report.line(SECTION, row + "launches per second achieved", "launches/s", measured.launchesPerSecond(),
						"", "");
				Report.line(SECTION, "load average (1 min) while measuring", "", load, "", "");
			}
		}
	}

	private static Block run(String stamp, String watcher, int rate, double seconds) throws Exception {
		Map<ChildProcess, Long> exitedAt = new ConcurrentHashMap<>();
		List<ChildProcess> children = new ArrayList<>();
		try (DefaultProcessLauncher launcher = Launchers.newLauncher(watcher)) {
			launcher.addListener(new ChildProcessListener() {

				@Override
				public void exited(ChildProcess child) {
					exitedAt.put(child, System.nanoTime());
				}

			});
			long period = 1_000_000_000L / rate;
			long start = System.nanoTime();
			long next = start;
			long end = start + (long) (seconds * 1e9);
			// At the rate where the machine keeps up, never faster; stops on time when it
			// does not.
			while (next < end && System.nanoTime() < end) {
				LockSupport.parkNanos(next - System.nanoTime());
				children.add(launcher.start(new ProcessBuilder(stamp)));
				next += period;
			}
			double achieved = children.size() / ((System.nanoTime() - start) / 1e9);
			for (ChildProcess child : children) {
				child.process().waitFor();
			}
			long[] latencies = new long[children.size()];
			for (int i = 0; i < latencies.length; i++) {
				ChildProcess child = children.get(i);
				long deadline = System.nanoTime() + 10_000_000_000L;
				while (!exitedAt.containsKey(child)) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The exit of " + child + " was not reported within 10 s");
					}
					Thread.onSpinWait();
				}
				latencies[i] = exitedAt.get(child) - stampOf(child);
			}
			launcher.reap();
			return new Block(latencies, achieved);
		}
	}

	/**
	 * One block: the latencies, and the launch rate the machine kept up.
	 */
	private record Block(long[] latencies, double launchesPerSecond) {

	}

	private static long stampOf(ChildProcess child) throws IOException {
		String output = new String(child.process().getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		return Long.parseLong(output.trim());
	}

	private static double percentile(long[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
