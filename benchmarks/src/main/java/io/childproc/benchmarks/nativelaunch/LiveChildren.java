package io.childproc.benchmarks.nativelaunch;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.childproc.benchmarks.SelfStatus;

/**
 * Idle {@code sleep 3600} children, started either natively or by {@link ProcessBuilder}
 * (standard streams to {@code /dev/null} either way, so that neither holds pipes), and
 * what they cost the JVM: threads (each one a pid against {@code pids.max}), resident
 * memory and descriptors, per child.
 */
final class LiveChildren implements AutoCloseable {

	static final String[] SLEEP = { "sleep", "3600" };

	private static final int SIGKILL = 9;

	private final List<NativeChild> nativeChildren = new ArrayList<>();

	private final List<Process> jdkChildren = new ArrayList<>();

	private final boolean nativeLaunch;

	private final int count;

	private String row = "";

	private LiveChildren(boolean nativeLaunch, int count) {
		this.nativeLaunch = nativeLaunch;
		this.count = count;
	}

	/**
	 * Starts the children on the calling thread and measures what they cost.
	 * @param spawner the native spawner, or {@code null} to start them with
	 * {@link ProcessBuilder}
	 * @param count how many
	 * @return the children; {@link #close()} ends them all
	 */
	static LiveChildren start(NativeSpawner spawner, int count) throws Exception {
		SelfStatus.settle();
		Snapshot before = Snapshot.take();
		LiveChildren children = new LiveChildren(spawner != null, count);
		long start = System.nanoTime();
		try {
			for (int i = 0; i < count; i++) {
				if (spawner != null) {
					children.nativeChildren.add(spawner.spawn(NativeSpawner.Stdio.NULL, SLEEP));
				}
				else {
					children.jdkChildren.add(new ProcessBuilder(SLEEP).redirectInput(new File("/dev/null"))
						.redirectOutput(ProcessBuilder.Redirect.DISCARD)
						.redirectError(ProcessBuilder.Redirect.DISCARD)
						.start());
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			SelfStatus.settle();
			Snapshot after = Snapshot.take();
			double threads = (after.threads - before.threads) / (double) count;
			children.row = String.format(Locale.ROOT, "| %,d | %s | %.3f | %.3f | %.1f | %.3f | %.1f |%n", count,
					(spawner != null) ? "native (JNA posix_spawn + pidfd)" : "raw ProcessBuilder", threads, 1 + threads,
					(after.rssKib - before.rssKib) / (double) count, (after.fds - before.fds) / (double) count,
					seconds);
		}
		catch (Exception | Error ex) {
			int started = children.size();
			children.close();
			throw new IllegalStateException("Started " + started + " of " + count + " live children, then: " + ex
					+ "; check ulimit -u, ulimit -n, /proc/sys/kernel/pid_max and what else runs", ex);
		}
		return children;
	}

	/**
	 * Counts the children still running (an idle child that ended early would make the
	 * figures of a live-children phase wrong).
	 * @return how many are alive
	 */
	int alive() {
		return (int) (this.nativeChildren.stream().filter((child) -> !child.onExit().isDone()).count()
				+ this.jdkChildren.stream().filter(Process::isAlive).count());
	}

	int size() {
		return this.nativeChildren.size() + this.jdkChildren.size();
	}

	String row() {
		return this.row;
	}

	String describe() {
		return String.format(Locale.ROOT, "%,d %s live children", this.count,
				this.nativeLaunch ? "native" : "ProcessBuilder");
	}

	/** Ends every child (SIGKILL) and waits until each is reaped. */
	@Override
	public void close() {
		for (NativeChild child : this.nativeChildren) {
			child.signal(SIGKILL);
		}
		for (Process process : this.jdkChildren) {
			process.destroyForcibly();
		}
		for (NativeChild child : this.nativeChildren) {
			child.waitFor();
		}
		for (Process process : this.jdkChildren) {
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.nativeChildren.clear();
		this.jdkChildren.clear();
	}

	/**
	 * Threads and resident memory from {@code /proc/self/status}, descriptors from
	 * {@code /proc/self/fd}.
	 */
	record Snapshot(long threads, long rssKib, long fds) {

		static Snapshot take() throws IOException {
			return new Snapshot(SelfStatus.field("Threads:"), SelfStatus.field("VmRSS:"), OpenDescriptors.count());
		}

	}

}
