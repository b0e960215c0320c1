package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;

/**
 * The work of the orphan mains ({@link OrphanReapingMain}, {@link Pid1SoakMain}): on one
 * thread, shells that exit at once and leave their background sleep to be adopted by the
 * JVM; on another as many children with known exit codes, half through the launcher, half
 * through a plain ProcessBuilder. Both spread their starts over a given time and count
 * the exit codes checked and those that were wrong.
 */
final class OrphanWorkload {

	private final DefaultProcessLauncher launcher;

	private final int count;

	private final int codes;

	private final long began = System.nanoTime();

	private final long spreadNanos;

	private final AtomicInteger wrong = new AtomicInteger();

	private final AtomicInteger checked = new AtomicInteger();

	private final Thread makers = new Thread(this::makeOrphans);

	private final Thread exits = new Thread(this::runWithKnownExitCodes);

	/**
	 * Creates the work.
	 * @param launcher the launcher that starts the children
	 * @param count how many orphans, and how many children with known exit codes
	 * @param codes how many different exit codes (from 1)
	 * @param spread the time to spread the starts over (zero: all at once)
	 */
	OrphanWorkload(DefaultProcessLauncher launcher, int count, int codes, Duration spread) {
		this.launcher = launcher;
		this.count = count;
		this.codes = codes;
		this.spreadNanos = spread.toNanos();
	}

	OrphanWorkload start() {
		this.makers.start();
		this.exits.start();
		return this;
	}

	long began() {
		return this.began;
	}

	boolean producing() {
		return this.makers.isAlive() || this.exits.isAlive();
	}

	void join() throws InterruptedException {
		this.makers.join();
		this.exits.join();
	}

	int wrong() {
		return this.wrong.get();
	}

	int checked() {
		return this.checked.get();
	}

	/**
	 * Whether every child was checked and none had a wrong exit code.
	 * @return whether all exit codes were right
	 */
	boolean allRight() {
		return wrong() == 0 && checked() == 2 * this.count;
	}

	private void pace(int i) {
		long due = this.began + this.spreadNanos * i / this.count;
		long wait = due - System.nanoTime();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private void makeOrphans() {
		try {
			List<ChildProcess> shells = new ArrayList<>();
			for (int i = 0; i < this.count; i++) {
				pace(i);
				shells.add(this.launcher.start("sh", "-c", "sleep 0.1 & exit 0"));
			}
			for (ChildProcess shell : shells) {
				check(shell.process().waitFor(), 0, "orphan maker " + shell.pid());
			}
		}
		catch (Exception ex) {
			ex.printStackTrace(System.out);
			this.wrong.incrementAndGet();
		}
	}

	private void runWithKnownExitCodes() {
		try {
			List<Process> processes = new ArrayList<>();
			for (int i = 0; i < this.count; i++) {
				pace(i);
				String script = "sleep 0.0" + (i % 5) + "; exit " + expected(i);
				processes.add((i % 2 == 0) ? this.launcher.start("sh", "-c", script).process()
						: new ProcessBuilder("sh", "-c", script).start());
			}
			for (int i = 0; i < this.count; i++) {
				check(processes.get(i).waitFor(), expected(i), "child " + i);
			}
		}
		catch (Exception ex) {
			ex.printStackTrace(System.out);
			this.wrong.incrementAndGet();
		}
	}

	private void check(int code, int expected, String what) {
		this.checked.incrementAndGet();
		if (code != expected) {
			this.wrong.incrementAndGet();
			System.out.println(what + " exited with " + code + ", expected " + expected);
		}
	}

	private int expected(int i) {
		return 1 + (i % this.codes);
	}

}
