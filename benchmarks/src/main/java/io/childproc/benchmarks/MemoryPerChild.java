package io.childproc.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;

/**
 * Measures what each live child costs the JVM: resident memory ({@code VmRSS}), threads
 * ({@code Threads}, both from {@code /proc/self/status}) and Java heap after a full GC.
 * One mode per JVM; run.sh interleaves fresh JVMs.
 * <p>
 * Usage: {@code MemoryPerChild MODE CHILDREN}, MODE {@code raw} or {@code launcher}.
 * Prints {@code rss-kib-per-child}, {@code threads-per-child} and
 * {@code heap-kib-per-child}.
 */
public final class MemoryPerChild {

	private MemoryPerChild() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 2, "MemoryPerChild raw|launcher CHILDREN");
		int count = arguments.integer(1);
		DefaultProcessLauncher launcher = switch (arguments.text(0)) {
			case "launcher" -> new DefaultProcessLauncher(Launchers.settings());
			case "raw" -> null;
			default ->
				throw new IllegalArgumentException("Unknown mode '" + arguments.text(0) + "': use raw or launcher");
		};
		// Load and run every code path once, then let the short-lived threads of that
		// launch end.
		for (int i = 0; i < 20; i++) {
			if (launcher != null) {
				Launchers.launcher(launcher);
			}
			else {
				Launchers.rawProcessBuilder();
			}
		}
		SelfStatus.settle();
		Snapshot before = Snapshot.take();
		List<ChildProcess> children = List.of();
		List<Process> processes = List.of();
		try {
			if (launcher != null) {
				children = Launchers.startIdleChildren(launcher, count);
			}
			else {
				processes = Launchers.startIdleProcesses(count);
			}
			SelfStatus.settle();
			Snapshot after = Snapshot.take();
			System.out.println(String.format(Locale.ROOT, "rss-kib-per-child %.2f",
					(after.rssKib - before.rssKib) / (double) count));
			System.out.println(String.format(Locale.ROOT, "threads-per-child %.3f",
					(after.threads - before.threads) / (double) count));
			System.out.println(String.format(Locale.ROOT, "heap-kib-per-child %.3f",
					(after.heapBytes - before.heapBytes) / 1024.0 / count));
		}
		finally {
			if (launcher != null) {
				Launchers.killDirectly(children);
				launcher.close();
			}
			else {
				Launchers.killProcesses(processes);
			}
		}
	}

	private record Snapshot(long rssKib, long threads, long heapBytes) {

		static Snapshot take() throws IOException {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			return new Snapshot(SelfStatus.field("VmRSS:"), SelfStatus.field("Threads:"),
					memory.getHeapMemoryUsage().getUsed());
		}

	}

}
