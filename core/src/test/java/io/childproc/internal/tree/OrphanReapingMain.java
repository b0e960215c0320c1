package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.childproc.ChildProcess;
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
			AtomicInteger wrong = new AtomicInteger();
			AtomicInteger checked = new AtomicInteger();
			Thread makers = new Thread(() -> makeOrphans(launcher, orphans, wrong, checked));
			Thread exits = new Thread(() -> runWithKnownExitCodes(launcher, orphans, wrong, checked));
			makers.start();
			exits.start();
			makers.join();
			exits.join();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			ProcessTreeSnapshot snapshot = monitor.snapshot();
			while ((monitor.orphansReaped() < orphans || snapshot.zombieCount() > 0) && System.nanoTime() < deadline) {
				Thread.sleep(100);
				snapshot = monitor.snapshot();
			}
			System.out.println("orphans reaped: " + monitor.orphansReaped());
			System.out.println("zombies left: " + snapshot.zombieCount());
			System.out.println("exit codes checked: " + checked.get() + ", wrong: " + wrong.get());
			boolean ok = monitor.orphansReaped() >= orphans && snapshot.zombieCount() == 0 && wrong.get() == 0
					&& checked.get() == 2 * orphans;
			System.out.println(ok ? "PASSED" : "FAILED");
			status = ok ? 0 : 1;
		}
		System.exit(status);
	}

	/**
	 * Each shell exits at once and leaves its background sleep to be adopted by the JVM.
	 */
	private static void makeOrphans(DefaultProcessLauncher launcher, int count, AtomicInteger wrong,
			AtomicInteger checked) {
		try {
			List<ChildProcess> shells = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				shells.add(launcher.start("sh", "-c", "sleep 0.1 & exit 0"));
			}
			for (ChildProcess shell : shells) {
				int code = shell.process().waitFor();
				checked.incrementAndGet();
				if (code != 0) {
					wrong.incrementAndGet();
					System.out.println("orphan maker " + shell.pid() + " exited with " + code + ", not 0");
				}
			}
		}
		catch (Exception ex) {
			ex.printStackTrace(System.out);
			wrong.incrementAndGet();
		}
	}

	/**
	 * Children with known exit codes: half through the launcher, half through a plain
	 * ProcessBuilder.
	 */
	private static void runWithKnownExitCodes(DefaultProcessLauncher launcher, int count, AtomicInteger wrong,
			AtomicInteger checked) {
		try {
			List<Process> processes = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String script = "sleep 0.0" + (i % 5) + "; exit " + expected(i);
				processes.add((i % 2 == 0) ? launcher.start("sh", "-c", script).process()
						: new ProcessBuilder("sh", "-c", script).start());
			}
			for (int i = 0; i < count; i++) {
				int code = processes.get(i).waitFor();
				checked.incrementAndGet();
				if (code != expected(i)) {
					wrong.incrementAndGet();
					System.out.println("child " + i + " exited with " + code + ", expected " + expected(i));
				}
			}
		}
		catch (Exception ex) {
			ex.printStackTrace(System.out);
			wrong.incrementAndGet();
		}
	}

	private static int expected(int i) {
		return 1 + (i % 120);
	}

}
