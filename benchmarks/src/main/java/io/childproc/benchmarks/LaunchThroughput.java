package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.benchmarks.Slices.Launch;
import org.apache.commons.exec.DefaultExecutor;

/**
 * Launches {@code /bin/true} and waits for it, in a loop on one thread, for a fixed time;
 * prints the launches per second, then the CPU time per launch of the JVM and its
 * children. One mode per JVM: run.sh starts a fresh JVM for each mode and each round,
 * interleaving the modes.
 * <p>
 * Usage: {@code LaunchThroughput MODE WARMUP_SECONDS MEASURE_SECONDS}, MODE one of
 * {@code raw}, {@code raw-N} (with N live idle children), {@code launcher-N} (with N live
 * tracked children), {@code commons-exec}, {@code zt-exec}, {@code nuprocess}.
 */
public final class LaunchThroughput {

	private LaunchThroughput() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 3, "LaunchThroughput MODE WARMUP_SECONDS MEASURE_SECONDS");
		String mode = arguments.text(0);
		double warmup = arguments.decimal(1);
		double measure = arguments.decimal(2);
		Launch launch;
		DefaultProcessLauncher launcher = null;
		List<ChildProcess> idle = List.of();
		List<Process> idleRaw = List.of();
		switch (mode) {
			case "raw" -> launch = Launchers::rawProcessBuilder;
			case "commons-exec" -> {
				DefaultExecutor executor = DefaultExecutor.builder().get();
				launch = () -> Launchers.commonsExec(executor);
			}
			case "zt-exec" -> launch = Launchers::ztExec;
			case "nuprocess" -> launch = Launchers::nuProcess;
			default -> {
				if (mode.startsWith("raw-")) {
					idleRaw = Launchers.startIdleProcesses(Integer.parseInt(mode.substring("raw-".length())));
					launch = Launchers::rawProcessBuilder;
					break;
				}
				if (!mode.startsWith("launcher-")) {
					throw new IllegalArgumentException("Unknown mode '" + mode
							+ "': use raw, raw-N, launcher-N, commons-exec, zt-exec or nuprocess");
				}
				DefaultProcessLauncher tracking = new DefaultProcessLauncher(Launchers.settings());
				launcher = tracking;
				idle = Launchers.startIdleChildren(tracking, Integer.parseInt(mode.substring("launcher-".length())));
				launch = () -> Launchers.launcher(tracking);
			}
		}
		try {
			run(launch, warmup);
			long cpuStart = cpuTicks();
			long start = System.nanoTime();
			long launches = run(launch, measure);
			double seconds = (System.nanoTime() - start) / 1e9;
			long cpu = cpuTicks() - cpuStart;
			System.out.println(String.format(Locale.ROOT, "%.1f", launches / seconds));
			System.out.println(String.format(Locale.ROOT, "cpu-ms-per-launch %.4f", cpu * 10.0 / launches));
		}
		finally {
			Launchers.killProcesses(idleRaw);
			if (launcher != null) {
				long closeStart = System.nanoTime();
				launcher.close();
				double closeMillis = (System.nanoTime() - closeStart) / 1e6;
				System.err.println(String.format(Locale.ROOT, "close() with %d live children took %.0f ms", idle.size(),
						closeMillis));
				System.out.println(String.format(Locale.ROOT, "close-ms %.1f", closeMillis));
			}
		}
	}

	/**
	 * Returns the CPU time of this JVM and of its children that it has waited for (user
	 * and system, in the kernel's 100 Hz clock ticks: fields 14 to 17 of
	 * {@code /proc/self/stat}). Unlike the launch rate, it barely moves when other work
	 * competes for the cores.
	 */
	static long cpuTicks() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14-17.
		long ticks = 0;
		for (int field = 14; field <= 17; field++) {
			ticks += Long.parseLong(fields[field - 3]);
		}
		return ticks;
	}

	private static long run(Launch launch, double seconds) throws Exception {
		long end = System.nanoTime() + (long) (seconds * 1e9);
		long launches = 0;
		while (System.nanoTime() < end) {
			int exit = launch.run();
			if (exit != 0) {
				throw new IllegalStateException("/bin/true exited with " + exit);
			}
			launches++;
		}
		return launches;
	}

}
