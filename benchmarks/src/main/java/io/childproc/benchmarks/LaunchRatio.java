package io.childproc.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.benchmarks.Slices.Slice;

/**
 * Launch throughput of the launcher against raw {@link ProcessBuilder}, interleaved in
 * one JVM: short slices of each alternate (ABBA), so that both see the same load, heap,
 * threads and live children; each pair of slices gives one ratio. Measured at several
 * counts of live children (idle {@code sleep}s tracked by the launcher, so that raw
 * launches see them too).
 * <p>
 * Usage: {@code LaunchRatio LIVE_COUNTS PAIRS SLICE_SECONDS [WARMUP_SECONDS]}, for
 * example {@code LaunchRatio 0,1000,10000 10 1 15}: each path is warmed up for
 * {@code WARMUP_SECONDS} at the first level (one slice by default) and one slice at each
 * later level. Prints results lines for {@link Report} on standard output and progress on
 * standard error. The exit watcher is the launcher's default, set with
 * {@code -Dchildproc.exit-watcher}.
 */
public final class LaunchRatio {

	static final String SECTION = "1. Launch throughput of /bin/true, launcher against raw ProcessBuilder "
			+ "interleaved in one JVM (start, wait; one thread)";

	/** The JVM's CPU time, all threads (dead ones too), in nanoseconds. */
	private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private LaunchRatio() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 3, 4, "LaunchRatio LIVE_COUNTS PAIRS SLICE_SECONDS [WARMUP_SECONDS]");
		int pairs = arguments.integer(1);
		double slice = arguments.decimal(2);
		double warmUp = arguments.decimal(3, slice);
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(Launchers.settings());
		List<ChildProcess> idle = new ArrayList<>();
		String watcher = Launchers.watcherName(launcher);
		try {
			for (String level : arguments.list(0)) {
				int live = Integer.parseInt(level.trim());
				idle.addAll(Launchers.startIdleChildren(launcher, live - idle.size()));
				measure(launcher, watcher, live, pairs, slice, warmUp);
				warmUp = slice;
			}
		}
		finally {
			Launchers.killDirectly(idle);
			launcher.close();
		}
	}

	private static void measure(DefaultProcessLauncher launcher, String watcher, int live, int pairs, double slice,
			double warmUp) throws Exception {
		// Warm both paths up at this level first: at the first level, long enough for the
		// JIT to compile both (a service pays that once).
		rate(Launchers::rawProcessBuilder, warmUp);
		rate(() -> Launchers.launcher(launcher), warmUp);
		String raw = "raw ProcessBuilder, " + live + " live children (" + watcher + " watcher run)";
		String tracked = "DefaultProcessLauncher (" + watcher + " watcher), " + live + " live tracked children";
		String ratio = "launcher / raw, " + live + " live (" + watcher + " watcher), ratio of each interleaved pair";
		String cpuRatio = "launcher / raw, " + live + " live (" + watcher + " watcher): the JVM's CPU time per launch "
				+ "(all its threads, the children's own excluded; lower is better)";
		for (int pair = 0; pair < pairs; pair++) {
			double load = Launchers.loadAverage();
			Slice rawSlice;
			Slice launcherSlice;
			if (pair % 2 == 0) {
				rawSlice = rate(Launchers::rawProcessBuilder, slice);
				launcherSlice = rate(() -> Launchers.launcher(launcher), slice);
			}
			else {
				launcherSlice = rate(() -> Launchers.launcher(launcher), slice);
				rawSlice = rate(Launchers::rawProcessBuilder, slice);
			}
			double rawRate = rawSlice.perSecond();
			double launcherRate = launcherSlice.perSecond();
			System.err.printf(Locale.ROOT, "   %d live, pair %d: raw %.0f/s, launcher %.0f/s, ratio %.3f (load %.2f)%n",
					live, pair + 1, rawRate, launcherRate, launcherRate / rawRate, load);
			Report.line(SECTION, raw, "launches/s", rawRate, "", "");
			Report.line(SECTION, tracked, "launches/s", launcherRate, raw + "~raw", "");
			Report.line(SECTION, ratio, "x", launcherRate / rawRate, "", ">=1.00");
			Report.line(SECTION, cpuRatio, "x", launcherSlice.cpuPerLaunch() / rawSlice.cpuPerLaunch(), "", "");
			Report.line(SECTION, "load average (1 min) while measuring, " + live + " live", "", load, "", "");
		}
		System.err.printf(Locale.ROOT, "   threads now: %d%n", ManagementFactory.getThreadMXBean().getThreadCount());
	}

	/**
	 * One slice: launches per second, and the JVM's CPU nanoseconds per launch.
	 */
	private static Slice rate(Slices.Launch launch, double seconds) throws Exception {
		return Slices.measure(launch, seconds, CPU::getProcessCpuTime);
	}

}
