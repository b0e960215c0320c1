package io.childproc.internal.tree;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.childproc.DefaultProcessLauncher;

/**
 * Makes orphans and reaps them, while JDK-launched children run at the same time, then
 * reports on stdout. Arguments: {@code pid1} (run as PID 1, under
 * {@code unshare --pid --fork --mount-proc}) or {@code subreaper}, then the number of
 * orphans. Exit status 0 when every orphan was reaped, no zombie is left, and every
 * JDK-launched child reported its exact exit code.
 */
public final class OrphanReapingMain {

	private OrphanReapingMain() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int orphans = Integer.parseInt(args[1]);
		long self = ProcessHandle.current().pid();
		System.out.println("READY pid=" + self + " mode=" + mode);
		if (mode.equals("pid1") && self != 1) {
			System.out.println("FAILED: not PID 1");
			System.exit(2);
		}
		int status;
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher();
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults()
							.withScanInterval(Duration.ofMillis(100))
							.withSubreaper(mode.equals("subreaper")))) {
			System.out.println("reaps orphans: " + monitor.reapsOrphans() + ", subreaper: " + monitor.isSubreaper());
			OrphanWorkload work = new OrphanWorkload(launcher, orphans, 120, Duration.ZERO).start();
			work.join();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			ProcessTreeSnapshot snapshot = monitor.snapshot();
			while ((monitor.orphansReaped() < orphans || snapshot.zombieCount() > 0) && System.nanoTime() < deadline) {
				Thread.sleep(100);
				snapshot = monitor.snapshot();
			}
			System.out.println("orphans reaped: " + monitor.orphansReaped());
			System.out.println("zombies left: " + snapshot.zombieCount());
			System.out.println("exit codes checked: " + work.checked() + ", wrong: " + work.wrong());
			boolean ok = monitor.orphansReaped() >= orphans && snapshot.zombieCount() == 0 && work.allRight();
			System.out.println(ok ? "PASSED" : "FAILED");
			status = ok ? 0 : 1;
		}
		System.exit(status);
	}

}
