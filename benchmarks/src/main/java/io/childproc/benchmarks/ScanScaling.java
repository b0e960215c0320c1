package io.childproc.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;

/**
 * What one scan of the process tree costs ({@link ProcessTreeMonitor#scan()}, as the
 * background scan runs it), with the foreign processes that are on the machine when it
 * starts ({@code scan.sh} starts them before this JVM) and {@code CHILDREN} live children
 * of a launcher, each with one live grandchild. Reports the median wall and CPU time (the
 * scanning thread's) of {@code ROUNDS} scans after a few warm-up scans.
 * <p>
 * Usage: {@code ScanScaling CHILDREN ROUNDS LABEL [GRANDCHILDREN]}; {@code GRANDCHILDREN}
 * {@code false} starts each child without its grandchild (10,000 children and as many
 * grandchildren, with the JDK's reaper thread of each child, pass the default
 * {@code pid_max} of 32,768). Prints results lines for {@link Report} on standard output
 * and the figures on standard error.
 */
public final class ScanScaling {

	static final String SECTION = "2. Process-tree scan (ProcessTreeMonitor.scan(), median of the rounds)";

	private ScanScaling() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3 && args.length != 4) {
			System.err.println("Usage: ScanScaling CHILDREN ROUNDS LABEL [GRANDCHILDREN]");
			System.exit(2);
		}
		int children = Integer.parseInt(args[0]);
		int rounds = Integer.parseInt(args[1]);
		String label = args[2];
		boolean grandchildren = args.length < 4 || Boolean.parseBoolean(args[3]);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(Launchers.settings());
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO))) {
			String sleep = "sleep " + Launchers.SLEEP_SECONDS;
			for (int i = 0; i < children; i++) {
				launcher.start(new ProcessBuilder(grandchildren ? List.of("sh", "-c", sleep + " & exec " + sleep)
						: List.of("sleep", Launchers.SLEEP_SECONDS))
					.redirectInput(new java.io.File("/dev/null"))
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD));
			}
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			int descendants = grandchildren ? 2 * children : children;
			while (monitor.scan().descendants().size() < descendants) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The grandchildren did not start within 10 minutes");
				}
				Thread.sleep(200);
			}
			long processes = ProcessHandle.allProcesses().count();
			for (int i = 0; i < 10; i++) {
				monitor.scan();
			}
			double load = Launchers.loadAverage();
			long[] wall = new long[rounds];
			long[] cpu = new long[rounds];
			for (int i = 0; i < rounds; i++) {
				long cpuBegan = threads.getCurrentThreadCpuTime();
				long began = System.nanoTime();
				monitor.scan();
				wall[i] = System.nanoTime() - began;
				cpu[i] = threads.getCurrentThreadCpuTime() - cpuBegan;
			}
			Arrays.sort(wall);
			Arrays.sort(cpu);
			double wallMs = wall[rounds / 2] / 1e6;
			double cpuMs = cpu[rounds / 2] / 1e6;
			System.err.printf(Locale.ROOT,
					"   %s: %d processes on the machine, %d children (+%d grandchildren): scan wall %.3f ms "
							+ "(p90 %.3f), cpu %.3f ms (load %.2f)%n",
					label, processes, children, grandchildren ? children : 0, wallMs, wall[rounds * 9 / 10] / 1e6,
					cpuMs, load);
			String row = label + ", " + processes + " processes, " + children + " children"
					+ (grandchildren ? " each with a grandchild" : "");
			Report.line(SECTION, row + ": wall", "ms", wallMs, "", "");
			Report.line(SECTION, row + ": CPU of the scanning thread", "ms", cpuMs, "", "");
			Report.line(SECTION, "load average (1 min) while measuring", "", load, "", "");
			long closeBegan = System.nanoTime();
			launcher.close();
			double closeMs = (System.nanoTime() - closeBegan) / 1e6;
			System.err.printf(Locale.ROOT, "   %s: close() ending %d children and their grandchildren: %.1f ms%n",
					label, children, closeMs);
			Report.line(SECTION, label + ", " + processes + " processes: close() ending " + children
					+ " children and their grandchildren", "ms", closeMs, "", "");
		}
	}

}
