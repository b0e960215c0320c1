package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.ReapingCalls;
import org.jspecify.annotations.Nullable;

/**
 * Reaps what one termination left to the JVM. Where the JVM is PID 1 (a container without
 * an init such as tini) or a child subreaper, a process of an ended tree whose parent
 * ended first is reparented to the JVM, and the JDK never waits for it: it would stay a
 * zombie. The terminator {@linkplain #note notes} every process it reads in the trees;
 * {@link #reap()} then waits, by its own pid, for each of them that has become a zombie
 * child of the JVM.
 * <p>
 * Only a process read with another parent than the JVM is ever reaped: a child the JDK
 * launched has the JVM for parent from its start to its reaping, so its exit status is
 * never taken from the JDK. The native calls are asked for only when such a zombie is
 * there (on Java 24+ without native access, loading JNA prints a warning). Not
 * thread-safe: one termination at a time.
 */
final class AdoptedZombies {

	/**
	 * How long the ended processes of a tree may take to be reparented to the JVM before
	 * they are reaped: a multi-threaded parent shows as a zombie once its main thread
	 * exits, and keeps its children until its last thread has exited.
	 */
	static final Duration REPARENT_WAIT = Duration.ofSeconds(5);

	private static final Duration LOOK_AGAIN = Duration.ofMillis(5);

	/** The system's native calls, asked for once, the first time one is needed. */
	private static final Supplier<ReapingCalls> SYSTEM = new OnFirstUse(Natives::reapingCalls);

	private final ProcessTable table;

	private final Supplier<ReapingCalls> reaping;

	private final long self;

	// By pid, the processes read with another parent than the JVM, ended ones included.
	private final Map<Long, ProcessInfo> noted = new LinkedHashMap<>();

	AdoptedZombies(ProcessTable table) {
		this(table, SYSTEM, ProcessHandle.current().pid());
	}

	AdoptedZombies(ProcessTable table, Supplier<ReapingCalls> reaping, long self) {
		this.table = table;
		this.reaping = reaping;
		this.self = self;
	}

	/**
	 * Notes a process read in a tree being ended: reaped later if the JVM adopts it.
	 * @param process the process as read
	 */
	void note(ProcessInfo process) {
		if (process.ppid() != this.self) {
			this.noted.put(process.pid(), process);
		}
	}

	/**
	 * Reaps, each by its own pid, the noted processes that are now zombie children of the
	 * JVM. A noted zombie whose parent has ended too is not reparented yet; it, and the
	 * children its ended parent still holds, are looked at again every few milliseconds,
	 * for at most {@link #REPARENT_WAIT}. Returns at once when nothing noted is pending.
	 * @return how many were reaped
	 */
	int reap() {
		long deadline = System.nanoTime() + REPARENT_WAIT.toNanos();
		int reaped = 0;
		@Nullable ReapingCalls calls = null;
		while (!this.noted.isEmpty()) {
			boolean pending = false;
			List<Long> holders = new ArrayList<>();
			for (ProcessInfo process : List.copyOf(this.noted.values())) {
				ProcessInfo now = this.table.process(process.pid())
					.filter((found) -> found.isSameProcessAs(process))
					.orElse(null);
				if (now == null || !now.state().hasEnded() || (now.ppid() != this.self && !hasEnded(now.ppid()))) {
					// Gone, still running (left alone), or a running parent waits for it.
					this.noted.remove(process.pid());
					continue;
				}
				if (now.ppid() == this.self) {
					calls = (calls != null) ? calls : this.reaping.get();
					if (!calls.available()) {
						return reaped;
					}
					if (calls.reap(now.pid())) {
						this.noted.remove(process.pid());
						reaped++;
						continue;
					}
					// Some of its threads have not exited yet: it cannot be waited for.
				}
				holders.add(now.pid());
				pending = true;
			}
			// What an ended parent still holds through a thread that has not exited.
			for (List<ProcessInfo> held : this.table.descendants(holders).values()) {
				held.forEach(this::note);
			}
			if (!pending || System.nanoTime() >= deadline) {
				return reaped;
			}
			try {
				TimeUnit.NANOSECONDS.sleep(LOOK_AGAIN.toNanos());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return reaped;
			}
		}
		return reaped;
	}

	private boolean hasEnded(long pid) {
		return this.table.process(pid).map((process) -> process.state().hasEnded()).orElse(true);
	}

	/** Native calls asked for once, the first time they are needed. */
	private static final class OnFirstUse implements Supplier<ReapingCalls> {

		private final Supplier<ReapingCalls> source;

		private volatile @Nullable ReapingCalls calls;

		OnFirstUse(Supplier<ReapingCalls> source) {
			this.source = source;
		}

		@Override
		public ReapingCalls get() {
			ReapingCalls found = this.calls;
			if (found == null) {
				found = this.source.get();
				this.calls = found;
			}
			return found;
		}

	}

}
