package io.childproc;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own with {@code -XX:ActiveProcessorCount=3} (so that the JDK's
 * common pool has two threads): two {@code onExit()} stages sleep for 30 s, then it
 * prints how soon another child's exit is seen, how many starts {@code maxLive=2} admits,
 * and how long {@code close()} takes with eight children that ignore SIGTERM.
 */
public final class SlowStagesMain {

	private SlowStagesMain() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("PARALLELISM " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
		DefaultProcessLauncher limited = new DefaultProcessLauncher(LauncherSettings.defaults()
			.withMaxLive(2)
			.withReapInterval(Duration.ZERO)
			.withShutdownGracePeriod(Duration.ZERO));
		CountDownLatch sleeping = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			limited.start("true").onExit().thenAccept((child) -> {
				sleeping.countDown();
				sleep(30_000);
			});
		}
		System.out.println("STAGES SLEEPING " + sleeping.await(20, TimeUnit.SECONDS));
		ChildProcess other = limited.start("true");
		other.process().waitFor();
		long exited = System.nanoTime();
		while (other.state() == ChildState.RUNNING && System.nanoTime() - exited < TimeUnit.SECONDS.toNanos(5)) {
			sleep(5);
		}
		System.out.println("OTHER " + other.state() + " AFTER MS " + (System.nanoTime() - exited) / 1_000_000);
		int admitted = 0;
		for (int i = 0; i < 2; i++) {
			try {
				limited.start("/bin/sleep", "60");
				admitted++;
			}
			catch (ChildProcessStartException ex) {
				System.out.println("REFUSED " + ex.getMessage());
			}
		}
		System.out.println("ADMITTED " + admitted);
		limited.close();

		DefaultProcessLauncher stubborn = new DefaultProcessLauncher(
				LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(1)));
		for (int i = 0; i < 8; i++) {
			stubborn.start("sh", "-c", "trap '' TERM; sleep 300");
		}
		long closing = System.nanoTime();
		stubborn.close();
		System.out
			.println("CLOSE MS " + (System.nanoTime() - closing) / 1_000_000 + " LIVE " + stubborn.counts().live());
		System.exit(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
