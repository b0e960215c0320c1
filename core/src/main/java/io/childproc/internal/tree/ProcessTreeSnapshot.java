package io.childproc.internal.tree;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.childproc.internal.linux.PidsLimit;
import io.childproc.internal.linux.ProcessInfo;

/**
 * What one scan of the JVM's process tree found: the single source of the endpoint, the
 * gauges and the health check. Immutable; every lookup is O(1) (descendants are indexed
 * by pid and by the child they descend from).
 */
public final class ProcessTreeSnapshot {

	private static final ProcessTreeSnapshot UNAVAILABLE = new ProcessTreeSnapshot(null, false, List.of(), Map.of(),
			List.of(), List.of(), null, 0, Duration.ZERO);

	private static final ProcessTreeSnapshot NOT_YET = new ProcessTreeSnapshot(null, true, List.of(), Map.of(),
			List.of(), List.of(), null, 0, Duration.ZERO);

	private final Instant takenAt;

	private final boolean available;

	private final List<ProcessInfo> descendants;

	private final Map<Long, ProcessInfo> byPid;

	private final Map<Long, List<ProcessInfo>> descendantsByChild;

	private final List<ZombieProcess> zombies;

	private final List<EscapedProcess> escaped;

	private final PidsLimit pids;

	private final int zombieStreak;

	private final Duration scanDuration;

	/**
	 * Creates a snapshot.
	 * @param takenAt when the scan began, {@code null} before the first scan
	 * @param available whether the process tree could be read at all (Linux with
	 * {@code /proc})
	 * @param descendants every descendant of the JVM, parents before their children,
	 * zombies included
	 * @param descendantsByChild the descendants of each running child of the launcher, by
	 * the child's pid
	 * @param zombies the zombies that last (seen by two scans in a row), after orphans
	 * were reaped
	 * @param escaped the processes carrying the launcher's owner mark outside the JVM's
	 * tree
	 * @param pids the tightest cgroup pids limit with its count, or {@code null} when no
	 * pids controller is visible
	 * @param zombieStreak how many scans in a row, this one included, found more lasting
	 * zombies than the monitor's {@linkplain ProcessTreeMonitorSettings#maxZombies()
	 * limit}
	 * @param scanDuration how long the scan took
	 */
	public ProcessTreeSnapshot(Instant takenAt, boolean available, List<ProcessInfo> descendants,
			Map<Long, List<ProcessInfo>> descendantsByChild, List<ZombieProcess> zombies, List<EscapedProcess> escaped,
			PidsLimit pids, int zombieStreak, Duration scanDuration) {
		this.takenAt = takenAt;
		this.available = available;
		this.descendants = List.copyOf(descendants);
		this.byPid = new HashMap<>(descendants.size() * 2);
		for (ProcessInfo process : this.descendants) {
			this.byPid.put(process.pid(), process);
		}
		this.descendantsByChild = Map.copyOf(descendantsByChild);
		this.zombies = List.copyOf(zombies);
		this.escaped = List.copyOf(escaped);
		this.pids = pids;
		this.zombieStreak = zombieStreak;
		this.scanDuration = Objects.requireNonNull(scanDuration, "scanDuration");
	}

	/**
	 * Returns the snapshot before any scan: nothing seen.
	 * @param available whether the process tree can be read
	 * @return the empty snapshot
	 */
	public static ProcessTreeSnapshot empty(boolean available) {
		return available ? NOT_YET : UNAVAILABLE;
	}

	/**
	 * Returns when the scan began.
	 * @return the time, {@code null} before the first scan
	 */
	public Instant takenAt() {
		return this.takenAt;
	}

	/**
	 * Whether the process tree could be read at all.
	 * @return {@code false} off Linux or without {@code /proc}
	 */
	public boolean available() {
		return this.available;
	}

	/**
	 * Returns every descendant of the JVM, parents before their children, zombies
	 * included (a zombie that does not last too).
	 * @return the descendants
	 */
	public List<ProcessInfo> descendants() {
		return this.descendants;
	}

	/**
	 * Returns one descendant of the JVM; O(1).
	 * @param pid its pid
	 * @return the descendant, or {@code null} when the scan did not find it
	 */
	public ProcessInfo descendant(long pid) {
		return this.byPid.get(pid);
	}

	/**
	 * Returns the descendants of each running child of the launcher, by the child's pid.
	 * @return the descendants by child
	 */
	public Map<Long, List<ProcessInfo>> descendantsByChild() {
		return this.descendantsByChild;
	}

	/**
	 * Returns the descendants of one running child of the launcher; O(1).
	 * @param childPid the child's pid
	 * @return its descendants, empty when it has none or the scan did not know it
	 */
	public List<ProcessInfo> descendantsOf(long childPid) {
		return this.descendantsByChild.getOrDefault(childPid, List.of());
	}

	/**
	 * Whether the scan saw this running child of the launcher, so that
	 * {@link #descendantsOf(long)} tells its descendants.
	 * @param childPid the child's pid
	 * @return whether the child was known to the scan
	 */
	public boolean knowsChild(long childPid) {
		return this.descendantsByChild.containsKey(childPid);
	}

	/**
	 * Returns the zombies that last: each seen by two scans in a row with the same pid
	 * and start time.
	 * @return the zombies
	 */
	public List<ZombieProcess> zombies() {
		return this.zombies;
	}

	/**
	 * Returns how many zombies last.
	 * @return the zombie count
	 */
	public int zombieCount() {
		return this.zombies.size();
	}

	/**
	 * Returns the processes carrying the launcher's owner mark outside the JVM's tree.
	 * @return the escaped processes
	 */
	public List<EscapedProcess> escaped() {
		return this.escaped;
	}

	/**
	 * Returns the tightest cgroup pids limit seen, with its count.
	 * @return the limit, or {@code null} when no pids controller is visible
	 */
	public PidsLimit pids() {
		return this.pids;
	}

	/**
	 * Returns how many scans in a row, this one included, found more lasting zombies than
	 * the monitor's limit.
	 * @return the streak
	 */
	public int zombieStreak() {
		return this.zombieStreak;
	}

	/**
	 * Returns how long the scan took.
	 * @return the duration
	 */
	public Duration scanDuration() {
		return this.scanDuration;
	}

	@Override
	public String toString() {
		return "ProcessTreeSnapshot[takenAt=" + this.takenAt + ", descendants=" + this.descendants.size() + ", zombies="
				+ this.zombies.size() + ", escaped=" + this.escaped.size() + ", pids=" + this.pids + "]";
	}

}
