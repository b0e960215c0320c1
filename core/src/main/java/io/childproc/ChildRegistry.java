package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import io.childproc.internal.tree.MonitoredLauncher;
import org.jspecify.annotations.Nullable;

/**
 * The children a launcher tracks and its counts, under one lock: admission against
 * {@code maxLive}, registration, exits, reaping and closing. {@code live + unreaped}
 * always equals the number of tracked children.
 */
final class ChildRegistry {

	private final int maxLive;

	private final String maxLiveName;

	private final String ownerId;

	private final ExitHistory history;

	private final Object lock = new Object();

	// Everything below is guarded by lock.
	private final LinkedHashSet<TrackedChild> tracked = new LinkedHashSet<>();

	private final Map<Long, TrackedChild> byPid = new HashMap<>();

	private final ArrayDeque<TrackedChild> exitedQueue = new ArrayDeque<>();

	private long live;

	private long unreaped;

	private long exited;

	private long started;

	private long startFailures;

	private long pendingStarts;

	private boolean closed;

	private boolean collected;

	/**
	 * @param maxLive the limit of live children, 0 for none
	 * @param maxLiveName the limit's name in refusals, as the user writes it
	 */
	ChildRegistry(int maxLive, String maxLiveName, String ownerId, ExitHistory history) {
		this.maxLive = maxLive;
		this.maxLiveName = maxLiveName;
		this.ownerId = ownerId;
		this.history = history;
	}

	/**
	 * Admits a start, or refuses it (and counts the failure) with the reason.
	 * @return {@code null} when admitted (it then counts as pending until
	 * {@link #register} or {@link #abandon}), else why not
	 */
	@Nullable String admit(String program) {
		synchronized (this.lock) {
			if (this.closed) {
				this.startFailures++;
				return "Cannot start " + program + ": the launcher is closed (the application is shutting down)";
			}
			if (this.maxLive > 0 && this.live + this.pendingStarts >= this.maxLive) {
				this.startFailures++;
				return "Cannot start " + program + ": " + (this.live + this.pendingStarts)
						+ " children are live, the limit " + this.maxLiveName + " is " + this.maxLive
						+ "; wait for a child to exit or raise " + this.maxLiveName;
			}
			this.pendingStarts++;
			return null;
		}
	}

	/** Counts a start refused before it was admitted (bad input). */
	void refused() {
		synchronized (this.lock) {
			this.startFailures++;
		}
	}

	/** Counts an admitted start that failed. */
	void abandon() {
		synchronized (this.lock) {
			this.pendingStarts--;
			this.startFailures++;
			this.lock.notifyAll();
		}
	}

	/**
	 * Tracks a child that was just started.
	 * @return {@code false} when {@link #close} has already collected the running
	 * children: nothing will end this one, its starter must (it counts as a failed start)
	 */
	boolean register(TrackedChild child) {
		synchronized (this.lock) {
			this.pendingStarts--;
			this.lock.notifyAll();
			if (this.collected) {
				this.startFailures++;
				return false;
			}
			this.live++;
			this.started++;
			this.tracked.add(child);
			this.byPid.put(child.pid(), child);
			return true;
		}
	}

	/**
	 * Records a child's exit.
	 * @return whether it changed anything (false when the exit was already recorded)
	 */
	boolean exited(TrackedChild child, int code) {
		synchronized (this.lock) {
			if (!child.markExited(code, Instant.now(), System.nanoTime())) {
				return false;
			}
			child.events().exited();
			this.live--;
			this.unreaped++;
			this.exited++;
			this.exitedQueue.add(child);
			return true;
		}
	}

	/**
	 * Reaps every exited child: they are no longer tracked, and their records are in the
	 * history by the time anyone sees them reaped. Each reap is queued to the child's
	 * listener events, after its exit.
	 * @return the reaped children, oldest exit first
	 */
	List<TrackedChild> reap() {
		synchronized (this.lock) {
			if (this.exitedQueue.isEmpty()) {
				return List.of();
			}
			Instant now = Instant.now();
			List<TrackedChild> reaped = new ArrayList<>(this.exitedQueue);
			this.exitedQueue.clear();
			List<ExitRecord> records = new ArrayList<>(reaped.size());
			for (TrackedChild child : reaped) {
				records.add(child.toRecord(now));
			}
			// In the history before anyone can see a child reaped.
			this.history.add(records);
			for (int i = 0; i < reaped.size(); i++) {
				TrackedChild child = reaped.get(i);
				child.markReaped();
				child.events().reaped(records.get(i));
				this.tracked.remove(child);
				this.byPid.remove(child.pid(), child);
				this.unreaped--;
			}
			return reaped;
		}
	}

	/**
	 * Closes the registry: later starts are refused. Waits up to {@code startsWait} for
	 * the starts already admitted to register their child, so that those are ended with
	 * the others; a start that registers later is refused instead.
	 * @return the running children, or {@code null} when it was already closed
	 */
	@Nullable List<TrackedChild> close(Duration startsWait) {
		synchronized (this.lock) {
			if (this.closed) {
				return null;
			}
			this.closed = true;
			long deadline = System.nanoTime() + startsWait.toNanos();
			while (this.pendingStarts > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					this.lock.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			this.collected = true;
			return running();
		}
	}

	/**
	 * Returns the children whose exit the JDK already knows of but that are not yet
	 * recorded, for the caller to record outside the lock; O(tracked children), so only
	 * when asked for counts or, with {@code atLimitOnly}, when a start is at the
	 * {@code maxLive} limit.
	 */
	List<TrackedChild> exitedUnrecorded(boolean atLimitOnly) {
		synchronized (this.lock) {
			if (atLimitOnly && (this.maxLive <= 0 || this.live + this.pendingStarts < this.maxLive)) {
				return List.of();
			}
			List<TrackedChild> exited = new ArrayList<>();
			for (TrackedChild child : this.tracked) {
				if (child.recordedState() == ChildState.RUNNING && !child.jdkProcess().isAlive()) {
					exited.add(child);
				}
			}
			return exited;
		}
	}

	private List<TrackedChild> running() {
		List<TrackedChild> running = new ArrayList<>();
		for (TrackedChild child : this.tracked) {
			if (child.recordedState() == ChildState.RUNNING) {
				running.add(child);
			}
		}
		return running;
	}

	ChildCounts counts() {
		synchronized (this.lock) {
			return new ChildCounts(this.live, this.unreaped, this.exited, this.started, this.startFailures);
		}
	}

	<T> T snapshot(BiFunction<ChildCounts, List<ChildProcess>, T> view) {
		synchronized (this.lock) {
			return view.apply(new ChildCounts(this.live, this.unreaped, this.exited, this.started, this.startFailures),
					List.copyOf(this.tracked));
		}
	}

	List<ChildProcess> children() {
		synchronized (this.lock) {
			return List.copyOf(this.tracked);
		}
	}

	Optional<ChildProcess> child(long pid) {
		synchronized (this.lock) {
			return Optional.ofNullable(this.byPid.get(pid));
		}
	}

	List<ExitRecord> recentExits() {
		return this.history.recent();
	}

	Duration oldestUnreapedAge() {
		long exitedNanos;
		synchronized (this.lock) {
			TrackedChild oldest = this.exitedQueue.peek();
			if (oldest == null) {
				return Duration.ZERO;
			}
			exitedNanos = oldest.exitedNanos();
		}
		return Duration.ofNanos(Math.max(0, System.nanoTime() - exitedNanos));
	}

	/**
	 * Returns a live view of the children for the process-tree monitor.
	 */
	MonitoredLauncher asLaunchedChildren(@Nullable String applicationId) {
		return new MonitoredLauncher() {

			@Override
			public String ownerId() {
				return ChildRegistry.this.ownerId;
			}

			@Override
			public @Nullable String applicationId() {
				return applicationId;
			}

			@Override
			public Set<Long> runningPids() {
				return runningPidsOf((child) -> true);
			}

			@Override
			public boolean isRunning(long pid) {
				synchronized (ChildRegistry.this.lock) {
					TrackedChild child = ChildRegistry.this.byPid.get(pid);
					return child != null && child.recordedState() == ChildState.RUNNING;
				}
			}

			@Override
			public Set<Long> outputReadByCaller() {
				return runningPidsOf(TrackedChild::outputReadByCaller);
			}

			@Override
			public long pidOfMark(String mark) {
				synchronized (ChildRegistry.this.lock) {
					for (TrackedChild child : ChildRegistry.this.tracked) {
						if (child.mark().equals(mark)) {
							return child.pid();
						}
					}
				}
				return -1;
			}

		};
	}

	/**
	 * The pids of the running children that match, copied under the lock into an array
	 * and made a set outside it, so that a start waits for no more than the copy.
	 */
	private Set<Long> runningPidsOf(Predicate<TrackedChild> which) {
		long[] found;
		int count = 0;
		synchronized (this.lock) {
			found = new long[this.tracked.size()];
			for (TrackedChild child : this.tracked) {
				if (child.recordedState() == ChildState.RUNNING && which.test(child)) {
					found[count++] = child.pid();
				}
			}
		}
		Set<Long> pids = new HashSet<>(Math.max(16, count * 2));
		for (int i = 0; i < count; i++) {
			pids.add(found[i]);
		}
		return pids;
	}

}
