package io.childproc.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.childproc.DefaultProcessLauncher;
import io.childproc.benchmarks.Slices.Slice;

/**
 * Where the JVM's CPU per launch goes, thread by thread: launches {@code /bin/true} in a
 * loop (start, wait; one thread) through raw {@link ProcessBuilder} or the launcher for
 * the given time, after a warm-up of a third of it, and prints the CPU each thread of the
 * JVM spent per launch, read from {@code /proc/self/task/<tid>/stat} (threads of one
 * name, such as the JDK's process reapers, added up), and the JVM's CPU per launch in
 * all, ended threads too. The children's own CPU is not counted.
 * <p>
 * Usage: {@code LaunchCpuByThread raw|launcher SECONDS}; the launcher's exit watcher is
 * set with {@code -Dchildproc.exit-watcher}. Run both modes one after the other, several
 * times: the figures of one run move with the machine.
 */
public final class LaunchCpuByThread {

	private static final Path TASKS = Path.of("/proc/self/task");

	/** The JVM's CPU time, all threads (ended ones too), in nanoseconds. */
	private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	/** Clock ticks per second of {@code utime} and {@code stime}: 100 on Linux. */
	private static final double TICK_MICROS = 10_000;

	private LaunchCpuByThread() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 2, "LaunchCpuByThread raw|launcher SECONDS");
		String mode = arguments.text(0);
		double seconds = arguments.decimal(1);
		if (!mode.equals("raw") && !mode.equals("launcher")) {
			System.err.println("The mode is raw or launcher, not " + mode);
			System.exit(2);
		}
		DefaultProcessLauncher launcher = mode.equals("launcher") ? new DefaultProcessLauncher(Launchers.settings())
				: null;
		Slices.Launch launch = (launcher != null) ? () -> Launchers.launcher(launcher) : Launchers::rawProcessBuilder;
		try {
			Slices.measure(launch, seconds / 3, CPU::getProcessCpuTime);
			Map<String, Long> before = ticksByThreadName();
			Slice slice = Slices.measure(launch, seconds, CPU::getProcessCpuTime);
			Map<String, Long> after = ticksByThreadName();
			System.out.printf(Locale.ROOT, "%s: %d launches, %.1f/s, load %.2f%n", mode, slice.launches(),
					slice.perSecond(), Launchers.loadAverage());
			for (Map.Entry<String, Long> thread : after.entrySet()) {
				long ticks = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
				if (ticks > 0) {
					System.out.printf(Locale.ROOT, "  %-28s %8.1f us per launch%n", thread.getKey(),
							ticks * TICK_MICROS / slice.launches());
				}
			}
			System.out.printf(Locale.ROOT, "  %-28s %8.1f us per launch%n", "all threads (ended ones too)",
					slice.cpuPerLaunch() / 1000);
		}
		finally {
			if (launcher != null) {
				launcher.close();
			}
		}
	}

	/**
	 * The CPU ticks (user and system) of each live thread of this JVM, added up by name
	 * without trailing digits.
	 */
	private static Map<String, Long> ticksByThreadName() throws IOException {
		Map<String, Long> ticks = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					// The thread ended meanwhile.
					continue;
				}
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
					.replaceAll("[#-]?[0-9]+$", "");
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
			}
		}
		return ticks;
	}

}
