package io.childproc.internal.tree;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.OutputPipes;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessListing;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.linux.ProcessTreeIndex;
import io.childproc.internal.tree.EscapeDetector.Escapee;
import org.jspecify.annotations.Nullable;

/**
 * The steps of a {@link ProcessTreeMonitor}'s scan, in order, with the policies they
 * apply: list the table (building on the listing before), reap the orphans that are due,
 * describe the descendants, group them by child, find the lasting zombies, the escapees,
 * the pids limit, the children blocked on their output and the leftovers of a killed
 * earlier run. Each step reads what the steps before it found in the {@link TreeScan} and
 * adds its part; a new step is a method here, listed in {@link #inOrder()}, and its field
 * in {@link TreeScan}. Used by one scan at a time.
 */
final class ScanSteps {

	private final ProcessTable table;

	private final CgroupPids cgroupPids;

	private final MonitoredLauncher children;

	private final long self;

	private final @Nullable OrphanReaper orphanReaper;

	private final LastingZombies lastingZombies = new LastingZombies();

	private final EscapeDetector escapeDetector;

	private final Descriptions descriptions;

	private final BlockedOutputDetector blockedOutputs = new BlockedOutputDetector(OutputPipes.system());

	private final Leftovers leftovers;

	private final AtomicLong orphansReaped = new AtomicLong();

	private final List<TreeScan.Step> inOrder = List.of(this::list, this::reapOrphans, this::describe,
			TreeScan::groupByChild, this::findZombies, this::findEscapees, this::readPids, this::findBlockedOutputs,
			this::findLeftovers);

	/** The listing of the scan before, which the next listing builds on. */
	private ProcessListing listing = ProcessListing.EMPTY;

	/**
	 * @param orphanReaper reaps the orphans due, or {@code null} where the JVM does not
	 * reap them (not PID 1 nor a subreaper)
	 */
	ScanSteps(ProcessTable table, CgroupPids cgroupPids, MonitoredLauncher children, long self,
			@Nullable OrphanReaper orphanReaper, Leftovers leftovers) {
		this.table = table;
		this.cgroupPids = cgroupPids;
		this.children = children;
		this.self = self;
		this.orphanReaper = orphanReaper;
		this.escapeDetector = new EscapeDetector(table, self);
		this.descriptions = new Descriptions(table);
		this.leftovers = leftovers;
	}

	List<TreeScan.Step> inOrder() {
		return this.inOrder;
	}

	long orphansReaped() {
		return this.orphansReaped.get();
	}

	/**
	 * Lists the process table, building on the scan before, and finds the JVM's
	 * descendants.
	 */
	private void list(TreeScan scan) {
		Set<Long> reread = new HashSet<>(scan.previous.descendants().size() * 2 + 16);
		scan.previous.descendants().forEach((process) -> reread.add(process.pid()));
		scan.previous.escaped().forEach((process) -> reread.add(process.process().pid()));
		scan.listing = this.table.list(this.listing, reread);
		this.listing = scan.listing;
		scan.index = new ProcessTreeIndex(scan.listing);
		scan.tree = scan.index.descendants(this.self);
		// After the listing: a child registered since is not taken for an orphan.
		scan.running = this.children.runningPids();
	}

	private void reapOrphans(TreeScan scan) {
		if (this.orphanReaper != null) {
			scan.reaped = this.orphanReaper.reap(scan.tree, scan.began);
			this.orphansReaped.addAndGet(scan.reaped.size());
		}
	}

	private void describe(TreeScan scan) {
		for (ProcessStat process : scan.tree) {
			if (!scan.reaped.contains(process.pid())) {
				scan.described.put(process.pid(), this.descriptions.describe(process));
				// A running child of the launcher is about to be reaped: a JDK thread
				// waits for it, however late it runs on a busy machine.
				if (process.state() == ProcessState.ZOMBIE
						&& !(process.ppid() == this.self && scan.running.contains(process.pid()))) {
					scan.zombieStats.add(process);
				}
			}
		}
		this.descriptions.scanEnded();
	}

	private void findZombies(TreeScan scan) {
		ProcessInfo selfInfo = null;
		for (ProcessStat zombie : this.lastingZombies.update(scan.zombieStats)) {
			ProcessInfo parent = scan.described.get(zombie.ppid());
			if (parent == null) {
				if (selfInfo == null) {
					selfInfo = this.table.process(this.self)
						.orElseGet(() -> new ProcessInfo(this.self, 0, ProcessState.UNKNOWN, List.of("java"), 0));
				}
				parent = selfInfo;
			}
			scan.zombies.add(new ZombieProcess(scan.described.get(zombie.pid()), parent,
					scan.childOf.getOrDefault(zombie.pid(), -1L)));
		}
	}

	private void findEscapees(TreeScan scan) {
		ProcessStat selfStat = scan.index.process(this.self);
		Set<Long> treePids = new HashSet<>(scan.described.keySet());
		treePids.addAll(scan.reaped);
		for (Escapee escapee : this.escapeDetector.detect(scan.listing.processes(), treePids,
				(selfStat != null) ? selfStat.startTime() : 0, this.children.ownerId())) {
			long childPid = (escapee.childMark() != null) ? this.children.pidOfMark(escapee.childMark()) : -1;
			scan.escaped.add(new EscapedProcess(this.table.describe(escapee.process()), childPid));
		}
	}

	private void readPids(TreeScan scan) {
		scan.pids = this.cgroupPids.read().orElse(null);
	}

	private void findLeftovers(TreeScan scan) {
		Set<Long> treePids = new HashSet<>(scan.described.keySet());
		treePids.addAll(scan.reaped);
		this.leftovers.update(scan.listing.processes(), scan.index, treePids);
	}

	private void findBlockedOutputs(TreeScan scan) {
		scan.blockedOnOutput = this.blockedOutputs.update(scan.index.childrenOf(this.self), scan.index::descendants,
				this.children.outputReadByCaller(), scan.began);
	}

}
