package io.childproc.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;

/**
 * Threads before and after many short children, launched one after another and each
 * waited for until the launcher reports it exited: raw {@link ProcessBuilder}
 * ({@code raw}) and the launcher with each watcher, in the order given, in one JVM.
 * Counts the live threads and the threads started meanwhile.
 * <p>
 * Usage: {@code ThreadsAfterChildren COUNT WATCHERS}, for example
 * {@code ThreadsAfterChildren 10000 raw,pidfd,jdk}. Prints results lines for
 * {@link Report}.
 */
public final class ThreadsAfterChildren {

	static final String SECTION = "1d. Threads after sequential short children (/bin/true, each waited for)";

	private ThreadsAfterChildren() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.of(args, 2, "ThreadsAfterChildren COUNT raw|pidfd|jdk,...");
		int count = arguments.integer(0);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (String watcher : arguments.list(1)) {
			if (watcher.equals("raw")) {
				measure(threads, "raw ProcessBuilder", count, Launchers::rawProcessBuilder);
				continue;
			}
			try (DefaultProcessLauncher launcher = Launchers.newLauncher(watcher)) {
				measure(threads, "DefaultProcessLauncher (" + watcher + " watcher)", count, () -> {
					ChildProcess child = launcher.start(new ProcessBuilder(Launchers.TRUE));
					int exit = child.onExit().get().exitCode().orElseThrow();
					launcher.reap();
					return exit;
				});
			}
		}
	}

	private static void measure(ThreadMXBean threads, String name, int count, Slices.Launch launch) throws Exception {
		// One child first: the JDK's process reaper thread then exists before counting.
		launch.run();
		double load = Launchers.loadAverage();
		int before = threads.getThreadCount();
		long startedBefore = threads.getTotalStartedThreadCount();
		for (int i = 0; i < count; i++) {
			if (launch.run() != 0) {
				throw new IllegalStateException("/bin/true failed");
			}
		}
		int after = threads.getThreadCount();
		long started = threads.getTotalStartedThreadCount() - startedBefore;
		System.err.printf(Locale.ROOT, "   %s: threads %d before, %d after %d children; %d started (load %.2f)%n", name,
				before, after, count, started, load);
		String row = name + ", " + count + " children: ";
		Report.line(SECTION, row + "live threads after minus before", "threads", after - before, "", "<=2");
		Report.line(SECTION, row + "threads started meanwhile", "threads", started, "", "");
	}

}
