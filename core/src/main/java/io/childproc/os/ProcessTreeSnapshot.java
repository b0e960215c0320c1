package io.childproc.os;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one scan of the JVM's process tree found. Immutable.
 *
 * @param takenAt when the scan ran, {@code null} before the first scan
 * @param available whether the process tree could be read at all (Linux with
 * {@code /proc})
 * @param descendants every descendant of the JVM, parents before their children, zombies
 * included
 * @param descendantsByChild the descendants of each running child of the launcher, by the
 * child's pid
 * @param zombies the zombies among the descendants, after orphans were reaped
 * @param escaped the processes carrying the launcher's owner mark outside the JVM's tree
 * @param pids the cgroup pids count and limit, or {@code null} when no pids controller is
 * visible
 * @param zombieStreak how many scans in a row, this one included, found more zombies than
 * the monitor's {@linkplain ProcessTreeMonitorSettings#maxZombies() limit}
 * @param scanDuration how long the scan took
 */
public record ProcessTreeSnapshot(Instant takenAt, boolean available, List<ProcessInfo> descendants,
		Map<Long, List<ProcessInfo>> descendantsByChild, List<ZombieProcess> zombies, List<EscapedProcess> escaped,
		PidsLimit pids, int zombieStreak, Duration scanDuration) {

	/**
	 * Returns the snapshot before any scan: nothing seen.
	 * @param available whether the process tree can be read
	 * @return the empty snapshot
	 */
	public static ProcessTreeSnapshot empty(boolean available) {
		return new ProcessTreeSnapshot(null, available, List.of(), Map.of(), List.of(), List.of(), null, 0,
				Duration.ZERO);
	}

	/**
	 * Returns how many zombies the scan found.
	 * @return the zombie count
	 */
	public int zombieCount() {
		return this.zombies.size();
	}

	/**
	 * Returns the descendants of one running child of the launcher.
	 * @param childPid the child's pid
	 * @return its descendants, empty when it has none or is unknown
	 */
	public List<ProcessInfo> descendantsOf(long childPid) {
		return this.descendantsByChild.getOrDefault(childPid, List.of());
	}

}
