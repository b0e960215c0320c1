package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.linux.ProcessInfo;

/**
 * The PID-1 soak: run as PID 1 (under {@code unshare --pid --fork --mount-proc}), makes
 * orphans at a steady pace for a while, with JDK-launched children of known exit codes at
 * the same pace, and scans the process tree every 100 ms. After every scan no zombie may
 * remain that an earlier scan saw at least {@value ProcessTreeMonitor#REAP_AFTER_MILLIS}
 * ms before (the monitor's contract); at the end every orphan was reaped, no zombie is
 * left, and every JDK-launched child reported its exact exit code. Arguments: the number
 * of orphans, the seconds to spread them over. Prints one {@code SOAK} line of figures,
 * then {@code PASSED} or {@code FAILED}, and exits 0 only when passed.
 */
public final class Pid1SoakMain {

	private static final Duration SCAN_INTERVAL = Duration.ofMillis(100);

	/**
	 * A zombie seen this long ago and still there after a scan is overdue: the rule reaps
	 * a zombie that a scan at least {@link ProcessTreeMonitor#REAP_AFTER_MILLIS} earlier
	 * saw, so it may wait one more scan interval; the monitor times its scans after this
	 * loop does (by the time it takes to list /proc, 100 ms and more on a loaded
	 * machine), hence the margin.
	 */
	private static final long OVERDUE_NANOS = TimeUnit.MILLISECONDS
		.toNanos(ProcessTreeMonitor.REAP_AFTER_MILLIS + SCAN_INTERVAL.toMillis() + 150);

	private Pid1SoakMain() {
	}

	public static void main(String[] args) throws Exception {
		int orphans = Integer.parseInt(args[0]);
		int seconds = Integer.parseInt(args[1]);
		long self = ProcessHandle.current().pid();
		System.out.println("READY pid=" + self);
		if (self != 1) {
			System.out.println("FAILED: not PID 1");
			System.exit(2);
		}
		boolean passed;
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher();
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO))) {
			System.out.println("reaps orphans: " + monitor.reapsOrphans());
			AtomicInteger wrong = new AtomicInteger();
			AtomicInteger checked = new AtomicInteger();
			long began = System.nanoTime();
			long spread = TimeUnit.SECONDS.toNanos(seconds);
			Thread makers = new Thread(() -> makeOrphans(launcher, orphans, began, spread, wrong, checked));
			Thread exits = new Thread(() -> runWithKnownExitCodes(launcher, orphans, began, spread, wrong, checked));
			makers.start();
			exits.start();
			Map<String, Long> firstSeen = new HashMap<>();
			int scans = 0;
			int maxZombies = 0;
			long maxAge = 0;
			int overdue = 0;
			long deadline = began + spread + TimeUnit.SECONDS.toNanos(120 + orphans / 5);
			ProcessTreeSnapshot snapshot;
			while (true) {
				long scanStart = System.nanoTime();
				snapshot = monitor.scan();
				scans++;
				Map<String, Long> seen = new HashMap<>();
				int zombies = 0;
				for (ProcessInfo process : snapshot.descendants()) {
					if (!process.isZombie()) {
						continue;
					}
					zombies++;
					String key = process.pid() + "@" + process.startTime();
					long first = firstSeen.getOrDefault(key, scanStart);
					seen.put(key, first);
					maxAge = Math.max(maxAge, scanStart - first);
					if (scanStart - first >= OVERDUE_NANOS) {
						overdue++;
						System.out.println("overdue zombie " + process + ", first seen "
								+ TimeUnit.NANOSECONDS.toMillis(scanStart - first) + " ms before");
					}
				}
				firstSeen = seen;
				maxZombies = Math.max(maxZombies, zombies);
				boolean producing = makers.isAlive() || exits.isAlive();
				if (!producing && monitor.orphansReaped() >= orphans && zombies == 0) {
					break;
				}
				if (System.nanoTime() - deadline > 0) {
					break;
				}
				LockSupport.parkNanos(SCAN_INTERVAL.toNanos());
			}
			makers.join();
			exits.join();
			double took = (System.nanoTime() - began) / 1e9;
			System.out.printf(
					"SOAK orphans=%d reaped=%d seconds=%.1f scans=%d maxZombies=%d maxZombieAgeMs=%d "
							+ "overdueAfterScan=%d zombiesLeft=%d exitCodesChecked=%d wrong=%d%n",
					orphans, monitor.orphansReaped(), took, scans, maxZombies, TimeUnit.NANOSECONDS.toMillis(maxAge),
					overdue, snapshot.zombieCount(), checked.get(), wrong.get());
			passed = monitor.reapsOrphans() && monitor.orphansReaped() >= orphans && snapshot.zombieCount() == 0
					&& overdue == 0 && wrong.get() == 0 && checked.get() == 2 * orphans;
		}
		System.out.println(passed ? "PASSED" : "FAILED");
		System.exit(passed ? 0 : 1);
	}

	private static void pace(long began, long spread, int i, int count) {
		long due = began + spread * i / count;
		long wait = due - System.nanoTime();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	/**
	 * Each shell exits at once and leaves its background sleep to be adopted by the JVM.
	 */
	private static void makeOrphans(DefaultProcessLauncher launcher, int count, long began, long spread,
			AtomicInteger wrong, AtomicInteger checked) {
		try {
			List<ChildProcess> shells = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				pace(began, spread, i, count);
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
	private static void runWithKnownExitCodes(DefaultProcessLauncher launcher, int count, long began, long spread,
			AtomicInteger wrong, AtomicInteger checked) {
		try {
			List<Process> processes = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				pace(began, spread, i, count);
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
		return 1 + (i % 250);
	}

}
