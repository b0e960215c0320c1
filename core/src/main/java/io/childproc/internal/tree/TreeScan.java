package io.childproc.internal.tree;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.childproc.internal.linux.PidsLimit;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessListing;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessTreeIndex;

/**
 * What one scan of the process tree has found so far: each step of
 * {@link ProcessTreeMonitor#scan()} reads what the steps before it found and adds its own
 * part. A new step adds its field here and its part of the snapshot in
 * {@link #snapshot(int)}.
 * <p>
 * Used by one scan, under the monitor's scan lock.
 */
final class TreeScan {

	/** The JVM's pid. */
	final long self;

	/** The snapshot of the scan before. */
	final ProcessTreeSnapshot previous;

	/** When the scan began, from {@link System#nanoTime()}. */
	final long began;

	final Instant takenAt;

	/** Every process on the machine (step: list). */
	ProcessListing listing = ProcessListing.EMPTY;

	/** The parent-child relations of the listing (step: list). */
	ProcessTreeIndex index = new ProcessTreeIndex(List.of());

	/** The JVM's descendants, parents before their children (step: list). */
	List<ProcessStat> tree = List.of();

	/** The pids of the launcher's running children, read after the listing. */
	Set<Long> running = Set.of();

	/**
	 * The pids of the running children whose output the application reads, read before
	 * the listing.
	 */
	Set<Long> piped = Set.of();

	/** The orphans reaped by this scan (step: reap orphans). */
	Set<Long> reaped = Set.of();

	/** Each descendant not reaped, described, by pid (step: describe). */
	final Map<Long, ProcessInfo> described = new LinkedHashMap<>();

	/** The zombies among them, other than a running child the JDK is about to reap. */
	final List<ProcessStat> zombieStats = new ArrayList<>();

	/**
	 * The descendants of each running child, by the child's pid (step: group by child).
	 */
	final Map<Long, List<ProcessInfo>> byChild = new LinkedHashMap<>();

	/** The running child each descendant descends from. */
	final Map<Long, Long> childOf = new LinkedHashMap<>();

	/** The zombies that last (step: zombies). */
	final List<ZombieProcess> zombies = new ArrayList<>();

	/** The marked processes outside the tree (step: escapees). */
	final List<EscapedProcess> escaped = new ArrayList<>();

	/** The children blocked on a full output pipe in this scan and the one before. */
	Set<Long> blockedOnOutput = Set.of();

	/** The cgroup pids count and limit (step: pids). */
	@Nullable PidsLimit pids;

	TreeScan(long self, ProcessTreeSnapshot previous, long began, Instant takenAt) {
		this.self = self;
		this.previous = previous;
		this.began = began;
		this.takenAt = takenAt;
	}

	/**
	 * Groups the descendants by the running child of the launcher they descend from (a
	 * step of the scan).
	 */
	void groupByChild() {
		for (ProcessStat child : this.index.childrenOf(this.self)) {
			if (this.running.contains(child.pid()) && this.described.containsKey(child.pid())) {
				if (this.index.childrenOf(child.pid()).isEmpty()) {
					this.byChild.put(child.pid(), List.of());
					continue;
				}
				List<ProcessInfo> subtree = new ArrayList<>();
				for (ProcessStat descendant : this.index.descendants(child.pid())) {
					ProcessInfo info = this.described.get(descendant.pid());
					if (info != null) {
						subtree.add(info);
						this.childOf.put(descendant.pid(), child.pid());
					}
				}
				this.byChild.put(child.pid(), List.copyOf(subtree));
			}
		}
	}

	/**
	 * Makes the snapshot of what the steps found.
	 * @param maxZombies the lasting zombies above which the zombie streak grows
	 * @return the snapshot
	 */
	ProcessTreeSnapshot snapshot(int maxZombies) {
		int streak = (this.zombies.size() > maxZombies) ? this.previous.zombieStreak() + 1 : 0;
		return new ProcessTreeSnapshot(this.takenAt, true, List.copyOf(this.described.values()), this.byChild,
				this.zombies, this.escaped, this.pids, streak, Duration.ofNanos(System.nanoTime() - this.began),
				this.blockedOnOutput);
	}

	/**
	 * One step of a scan.
	 */
	@FunctionalInterface
	interface Step {

		void run(TreeScan scan);

	}

}
