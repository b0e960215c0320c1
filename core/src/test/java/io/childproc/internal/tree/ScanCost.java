package io.childproc.internal.tree;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessTable;

import static org.awaitility.Awaitility.await;

/**
 * Measures what a scan of the process tree costs, part by part, with {@code children}
 * live children (each with one zombie grandchild): wall time and the scanning thread's
 * CPU time, which moves less on a busy machine. Run from the core module after
 * {@code mvn test-compile}, with JNA, Awaitility and Hamcrest from {@code ~/.m2} on the
 * class path: <pre>
 * java -cp "target/classes:target/test-classes:$JNA:$AWAITILITY:$HAMCREST" io.childproc.internal.tree.ScanCost 20 200
 * </pre> Arguments: the number of children, the number of measured rounds.
 */
public final class ScanCost {

	private ScanCost() {
	}

	public static void main(String[] args) throws Exception {
		int children = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		ProcessTable table = LinuxProcessTable.system();
		long self = ProcessHandle.current().pid();
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher();
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO))) {
			for (int i = 0; i < children; i++) {
				launcher.start("sh", "-c", "sleep 0 & exec sleep 120");
			}
			await().atMost(Duration.ofMinutes(5)).until(() -> table.descendants(self).size() >= 2 * children);
			System.out.printf("processes on the machine: %d, JVM threads: %d, descendants: %d%n",
					ProcessHandle.allProcesses().count(), Thread.activeCount(), table.descendants(self).size());
			CgroupPids pids = CgroupPids.system();
			report("one pass over every /proc/*/stat (ProcessTable.list())", rounds, table::list);
			report("ProcessTable.descendants() (list + cmdline and exe of each descendant)", rounds,
					() -> table.descendants(self));
			report("ProcessTable.findByEnvironment (environ of processes started after the JVM)", rounds,
					() -> table.findByEnvironment(Mark.OWNER_VARIABLE, launcher.ownerId(), Mark.CHILD_VARIABLE));
			report("ProcessHandle.current().descendants() (the JDK, same run, for scale)", rounds,
					() -> ProcessHandle.current().descendants().count());
			report("whole monitor scan (list + descendants + escapees + cgroup + snapshot)", rounds, monitor::scan);
			report("cgroup pids refusal check before a start (" + pids + ")", rounds * 100, () -> pids.refusal("x"));
			java.nio.file.Path limited = java.nio.file.Files.createTempDirectory("pids");
			java.nio.file.Files.writeString(limited.resolve("pids.max"), "100000\n");
			java.nio.file.Files.writeString(limited.resolve("pids.current"), "42\n");
			CgroupPids withLimit = new CgroupPids(limited);
			report("cgroup pids refusal check before a start, with a limit (reads pids.current)", rounds * 10,
					() -> withLimit.refusal("x"));
			ProcessBuilder trueProcess = new ProcessBuilder("true");
			report("for scale: ProcessBuilder(\"true\").start().waitFor()", rounds, () -> {
				try {
					trueProcess.start().waitFor();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			for (ChildProcess child : launcher.children()) {
				child.terminate(Duration.ZERO);
			}
		}
	}

	private static void report(String what, int rounds, Runnable action) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < Math.min(rounds, 20); i++) {
			action.run();
		}
		long[] nanos = new long[rounds];
		long[] cpu = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			long cpuBegan = threads.getCurrentThreadCpuTime();
			long began = System.nanoTime();
			action.run();
			nanos[i] = System.nanoTime() - began;
			cpu[i] = threads.getCurrentThreadCpuTime() - cpuBegan;
		}
		Arrays.sort(nanos);
		Arrays.sort(cpu);
		// CPU time of the measuring thread moves much less than wall time on a busy
		// machine.
		System.out.printf("%-78s median %8.3f ms  p90 %8.3f ms  max %8.3f ms  cpu median %8.3f ms%n", what,
				nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6, nanos[rounds - 1] / 1e6, cpu[rounds / 2] / 1e6);
	}

}
