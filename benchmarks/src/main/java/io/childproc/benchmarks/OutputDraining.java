package io.childproc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.sun.management.OperatingSystemMXBean;
import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.StartOptions;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.LogOutputStream;

/**
 * Output draining without a thread per stream (issue 18), against thread-per-stream
 * draining in the same JVM: plain {@link ProcessBuilder} with two reader threads per
 * child, and zt-exec 1.12 (its pump threads).
 * <ul>
 * <li>{@code lines LINE_WRITER CHILDREN SECONDS}: CHILDREN live children each writing a
 * line every 10 ms (the C {@code line_writer}, each line the monotonic time of its write)
 * for SECONDS; per mode, the threads added while they run, the JVM's CPU per line and the
 * p50/p99 delay from the write to the line reaching the log (launcher:
 * {@code ChildOutput.log().withCapture(64 KiB)}, the line seen by a
 * {@code java.util.logging} handler on the pump thread; the others: the line read by a
 * reader thread).</li>
 * <li>{@code bulk CHILDREN MEGABYTES}: CHILDREN children ({@code head -c}) each writing
 * MEGABYTES MB as fast as they can, all at once; total MB/s until every byte is drained
 * (launcher: {@code capture(64 KiB)}; the others count the bytes).</li>
 * <li>{@code big MEGABYTES}: one child writing MEGABYTES MB with {@code capture(64 KiB)};
 * heap used after GC before and after, the highest heap used sampled while it ran, and
 * MB/s.</li>
 * </ul>
 * Prints results lines for {@link Report} on standard output, details on standard error.
 */
public final class OutputDraining {

	static final String LINES_SECTION = "7a. Output: live children each writing a line every 10 ms";

	static final String BULK_SECTION = "7b. Output: children each writing as fast as they can, all drained";

	static final String BIG_SECTION = "7c. Output: one child writing a lot with capture(64 KiB)";

	private static final String LAUNCHER = "DefaultProcessLauncher (one pump thread)";

	private static final String RAW = "raw ProcessBuilder + 2 reader threads per child";

	private static final String ZT = "zt-exec 1.12 (pump threads)";

	private OutputDraining() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "lines" -> lines(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "bulk" -> bulk(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			case "big" -> big(Integer.parseInt(args[1]));
			default -> throw new IllegalArgumentException("lines | bulk | big");
		}
		System.exit(0);
	}

	// --- lines --------------------------------------------------------------------

	private static void lines(String writer, int children, int seconds) throws Exception {
		String count = Integer.toString(seconds * 100);
		// Every mode hands each line to the same java.util.logging logger, as the
		// launcher's
		// log() does: the delay is taken where the line reaches the log, and the CPU per
		// line
		// includes the same logging work.
		Logger logger = Logger.getLogger("io.childproc.output.lines");
		Delays[] current = new Delays[1];
		logger.setUseParentHandlers(false);
		logger.setLevel(Level.INFO);
		logger.addHandler(new Handler() {

			@Override
			public void publish(LogRecord record) {
				String message = record.getMessage();
				current[0].line(message.substring(message.indexOf(": ") + 2));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		});
		// ABBA order: each mode once early and once late in the run.
		for (String mode : new String[] { "zt", "raw", "launcher", "launcher", "raw", "zt" }) {
			Delays delays = new Delays();
			current[0] = delays;
			OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
			long reaperBefore = reaperThreads();
			long cpuBefore = os.getProcessCpuTime();
			List<Waiter> waiters = new ArrayList<>();
			DefaultProcessLauncher launcher = mode.equals("launcher") ? Launchers.newLauncher("pidfd") : null;
			for (int i = 0; i < children; i++) {
				ProcessBuilder builder = new ProcessBuilder(writer, count, "10");
				switch (mode) {
					case "launcher" -> {
						ChildProcess child = launcher.start(builder,
								StartOptions.named("lines").withOutput(ChildOutput.log().withCapture(64 * 1024)));
						waiters.add(() -> child.onExit().get());
					}
					case "raw" -> {
						Process process = builder.start();
						Thread out = reader(process.getInputStream(), logger, "lines[" + process.pid() + "]: ");
						Thread err = reader(process.getErrorStream(), logger, "lines[" + process.pid() + "]: ");
						waiters.add(waiterFor(process, out, err));
					}
					default -> {
						StartedProcess started = new ProcessExecutor().command(builder.command())
							.redirectOutput(new LogOutputStream() {
								@Override
								protected void processLine(String line) {
									logger.log(Level.INFO, "lines: " + line);
								}
							})
							.start();
						Future<?> result = started.getFuture();
						waiters.add(result::get);
					}
				}
			}
			// Threads once all run, sampled half-way through the run.
			Thread.sleep(seconds * 500L);
			int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
			long reaperDuring = reaperThreads();
			for (Waiter waiter : waiters) {
				waiter.await();
			}
			long cpu = os.getProcessCpuTime() - cpuBefore;
			if (launcher != null) {
				launcher.close();
			}
			String name = label(mode);
			long added = threadsDuring - threadsBefore;
			long addedOwn = added - (reaperDuring - reaperBefore);
			double cpuPerLine = (double) cpu / 1000.0 / Math.max(1, delays.count.get());
			System.err.printf(Locale.ROOT,
					"%s: %d lines of %d expected, threads +%d (+%d without the JDK's process reapers), "
							+ "CPU %.1f us/line, delay p50 %.2f ms p99 %.2f ms max %.2f ms (load %.1f)%n",
					name, delays.count.get(), (long) children * seconds * 100, added, addedOwn, cpuPerLine,
					delays.percentile(0.50), delays.percentile(0.99), delays.max(), Launchers.loadAverage());
			boolean ours = mode.equals("launcher");
			String rows = children + " children: ";
			result(LINES_SECTION, name + ", " + rows + "threads added (not the JDK's process reapers)", "threads",
					addedOwn, "", ours ? "<=8" : "");
			result(LINES_SECTION, name + ", " + rows + "JVM CPU per line", "us", cpuPerLine, ours ? RAW + ", " + rows
					+ "JVM CPU per line~raw 2 threads|" + ZT + ", " + rows + "JVM CPU per line~zt-exec" : "", "");
			result(LINES_SECTION, name + ", " + rows + "p99 delay write-to-log", "ms", delays.percentile(0.99), "",
					ours ? "<=50" : "");
			result(LINES_SECTION, name + ", " + rows + "p50 delay write-to-log", "ms", delays.percentile(0.50), "", "");
		}
	}

	private static Thread reader(InputStream in, Logger logger, String prefix) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					logger.log(Level.INFO, prefix + line);
				}
			}
			catch (IOException ex) {
				// The stream closed: the child is gone.
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** Waits for the process, then for the threads that read its output. */
	private static Waiter waiterFor(Process process, Thread out, Thread err) {
		return () -> {
			process.waitFor();
			out.join();
			err.join();
			return null;
		};
	}

	private static long reaperThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.getName().startsWith("process reaper"))
			.count();
	}

	// --- bulk ---------------------------------------------------------------------

	private static void bulk(int children, int megabytes) throws Exception {
		String bytes = Long.toString(megabytes * 1_000_000L);
		for (String mode : new String[] { "launcher", "raw", "zt", "zt", "raw", "launcher" }) {
			AtomicLong drained = new AtomicLong();
			List<Waiter> waiters = new ArrayList<>();
			DefaultProcessLauncher launcher = mode.equals("launcher") ? Launchers.newLauncher("pidfd") : null;
			long start = System.nanoTime();
			for (int i = 0; i < children; i++) {
				ProcessBuilder builder = new ProcessBuilder("head", "-c", bytes, "/dev/zero");
				switch (mode) {
					case "launcher" -> {
						ChildProcess child = launcher.start(builder,
								StartOptions.named("bulk").withOutput(ChildOutput.capture(64 * 1024)));
						waiters.add(() -> {
							child.onExit().get();
							drained.addAndGet(child.output().stdoutBytes());
							return null;
						});
					}
					case "raw" -> {
						Process process = builder.start();
						Thread out = counter(process.getInputStream(), drained);
						Thread err = counter(process.getErrorStream(), drained);
						waiters.add(waiterFor(process, out, err));
					}
					default -> {
						StartedProcess started = new ProcessExecutor().command(builder.command())
							.redirectOutput(new CountingStream(drained))
							.start();
						Future<?> result = started.getFuture();
						waiters.add(result::get);
					}
				}
			}
			for (Waiter waiter : waiters) {
				waiter.await();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			if (launcher != null) {
				launcher.close();
			}
			if (drained.get() != children * megabytes * 1_000_000L) {
				throw new IllegalStateException(mode + " drained " + drained.get() + " bytes");
			}
			double mbPerSecond = drained.get() / 1e6 / seconds;
			System.err.printf(Locale.ROOT, "%s: %d x %d MB in %.2f s: %.0f MB/s (load %.1f)%n", label(mode), children,
					megabytes, seconds, mbPerSecond, Launchers.loadAverage());
			result(BULK_SECTION, label(mode) + ", " + children + " x " + megabytes + " MB", "MB/s", mbPerSecond,
					mode.equals("launcher") ? RAW + ", " + children + " x " + megabytes + " MB~raw 2 threads|" + ZT
							+ ", " + children + " x " + megabytes + " MB~zt-exec" : "",
					mode.equals("launcher") ? ">=0.8" : "");
		}
	}

	private static Thread counter(InputStream in, AtomicLong drained) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (in) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					drained.addAndGet(read);
				}
			}
			catch (IOException ex) {
				// The stream closed: the child is gone.
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	// --- big ----------------------------------------------------------------------

	private static void big(int megabytes) throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long before = memory.getHeapMemoryUsage().getUsed();
		try (DefaultProcessLauncher launcher = Launchers.newLauncher("pidfd")) {
			long start = System.nanoTime();
			ChildProcess child = launcher.start(
					new ProcessBuilder("head", "-c", Long.toString(megabytes * 1_000_000L), "/dev/zero"),
					StartOptions.named("big").withOutput(ChildOutput.capture(64 * 1024)));
			long peak = before;
			while (!child.onExit().isDone()) {
				peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
				Thread.sleep(5);
			}
			child.onExit().get();
			double seconds = (System.nanoTime() - start) / 1e9;
			System.gc();
			long after = memory.getHeapMemoryUsage().getUsed();
			if (child.output().stdoutBytes() != megabytes * 1_000_000L) {
				throw new IllegalStateException("drained " + child.output().stdoutBytes());
			}
			double growth = (after - before) / 1048576.0;
			double peakGrowth = (peak - before) / 1048576.0;
			System.err.printf(Locale.ROOT,
					"capture(64 KiB) of %d MB: %.2f s, %.0f MB/s; heap after GC %+.2f MB, highest sampled heap used "
							+ "%+.1f MB over the start (garbage included) (load %.1f)%n",
					megabytes, seconds, megabytes / seconds, growth, peakGrowth, Launchers.loadAverage());
			String name = LAUNCHER + ", " + megabytes + " MB, capture(64 KiB)";
			result(BIG_SECTION, name, "heap growth after GC MB", growth, "", "<32");
			result(BIG_SECTION, name, "highest heap used over start MB (garbage included)", peakGrowth, "", "");
			result(BIG_SECTION, name, "MB/s", megabytes / seconds, "", "");
		}
	}

	// --- shared -------------------------------------------------------------------

	private static String label(String mode) {
		return switch (mode) {
			case "launcher" -> LAUNCHER;
			case "raw" -> RAW;
			default -> ZT;
		};
	}

	private static void result(String section, String name, String unit, double value, String baselines,
			String target) {
		System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%.3f\t%s\t%s%n", section, name, unit, value, baselines, target);
	}

	@FunctionalInterface
	private interface Waiter {

		Object await() throws Exception;

	}

	/** Delays in 0.1 ms buckets up to 10 s. */
	private static final class Delays {

		private final AtomicLongArray buckets = new AtomicLongArray(100_001);

		private final AtomicLong count = new AtomicLong();

		void line(String line) {
			long written;
			try {
				written = Long.parseLong(line.trim());
			}
			catch (NumberFormatException ex) {
				return;
			}
			long delay = System.nanoTime() - written;
			int bucket = (int) Math.min(100_000, Math.max(0, delay / 100_000));
			this.buckets.incrementAndGet(bucket);
			this.count.incrementAndGet();
		}

		double percentile(double p) {
			long total = this.count.get();
			long wanted = (long) Math.ceil(total * p);
			long seen = 0;
			for (int i = 0; i < this.buckets.length(); i++) {
				seen += this.buckets.get(i);
				if (seen >= wanted && wanted > 0) {
					return (i + 1) / 10.0;
				}
			}
			return Double.NaN;
		}

		double max() {
			for (int i = this.buckets.length() - 1; i >= 0; i--) {
				if (this.buckets.get(i) > 0) {
					return (i + 1) / 10.0;
				}
			}
			return Double.NaN;
		}

	}

	private static final class CountingStream extends OutputStream {

		private final AtomicLong drained;

		CountingStream(AtomicLong drained) {
			this.drained = drained;
		}

		@Override
		public void write(int b) {
			this.drained.incrementAndGet();
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.drained.addAndGet(len);
		}

	}

}
