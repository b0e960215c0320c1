package io.childproc.internal.tree;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.childproc.internal.linux.ProcessKey;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.natives.ReapingCalls;

/**
 * The orphan rule: which zombie children of the JVM may be reaped, by waiting for that
 * one pid (never for "any child"). A zombie is reaped only when
 * <ul>
 * <li>its parent is the JVM;</li>
 * <li>it is not a running child of the launcher ({@link MonitoredLauncher#isRunning}),
 * whose exit status the JDK waits for;</li>
 * <li>the previous scan, at least {@code reapAfterNanos} earlier, already saw the same
 * process (same pid, same start time) as a zombie. The JDK reaps each child it launched
 * within milliseconds of its exit; a zombie child that stays longer is one that no JDK
 * thread waits for.</li>
 * </ul>
 * Not thread-safe: one scan at a time.
 */
final class OrphanReaper {

	private final long self;

	private final ReapingCalls natives;

	private final MonitoredLauncher children;

	private final long reapAfterNanos;

	private Map<ProcessKey, Long> seenZombies = new HashMap<>();

	OrphanReaper(long self, ReapingCalls natives, MonitoredLauncher children, long reapAfterNanos) {
		this.self = self;
		this.natives = natives;
		this.children = children;
		this.reapAfterNanos = reapAfterNanos;
	}

	/**
	 * Reaps the zombie children of the JVM that are due.
	 * @param descendants the JVM's descendants found by this scan
	 * @param now the scan's time, from {@link System#nanoTime()}
	 * @return the pids reaped now
	 */
	Set<Long> reap(List<ProcessStat> descendants, long now) {
		Map<ProcessKey, Long> seen = new HashMap<>();
		Set<Long> reaped = new HashSet<>();
		for (ProcessStat process : descendants) {
			if (process.state() != ProcessState.ZOMBIE || process.ppid() != this.self
					|| this.children.isRunning(process.pid())) {
				continue;
			}
			ProcessKey key = ProcessKey.of(process);
			Long firstSeen = this.seenZombies.get(key);
			if (firstSeen != null && now - firstSeen >= this.reapAfterNanos && this.natives.reap(process.pid())) {
				reaped.add(process.pid());
			}
			else {
				seen.put(key, (firstSeen != null) ? firstSeen : now);
			}
		}
		this.seenZombies = seen;
		return reaped;
	}

}
