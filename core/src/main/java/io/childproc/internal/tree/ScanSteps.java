package io.childproc.internal.tree;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

	/**
	 * A running child whose reading was kept is read again at least once in this many
	 * scans, so that its CPU time stays recent.
	 */
	static final int REREAD_EVERY_SCANS = 6;

	/** A running child's reading kept this long is read again at the next scan. */
	static final long REREAD_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

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

	/** The scans made, counting this one once it began. */
	private long scans;

	/**
	 * When each descendant's {@code stat} was last read, in {@link System#nanoTime()}:
	 * the age of a kept reading.
	 */
	private Map<Long, Long> readAt = new HashMap<>();

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
		long number = this.scans++;
		// Before the listing: a child running now that the listing finds under the same
		// /proc entry is this same process, still the JVM's child.
		Set<Long> keepable = keepable(scan, number);
		Set<Long> reread = new HashSet<>(scan.previous.descendants().size() * 2 + 16);
		scan.previous.descendants().forEach((process) -> {
			// A zombie's reading is never kept: the orphan rule reads its state.
			if (!keepable.contains(process.pid()) || process.state().hasEnded()) {
				reread.add(process.pid());
			}
		});
		scan.previous.escaped().forEach((process) -> reread.add(process.process().pid()));
		ProcessListing before = this.listing;
		scan.listing = this.table.list(before, reread);
		this.listing = scan.listing;
		scan.index = new ProcessTreeIndex(scan.listing);
		scan.tree = scan.index.descendants(this.self);
		Map<Long, Long> readNow = new HashMap<>(scan.tree.size() * 2 + 16);
		for (ProcessStat process : scan.tree) {
			Long earlier = this.readAt.get(process.pid());
			readNow.put(process.pid(),
					(earlier != null && scan.listing.kept(before, process.pid())) ? earlier : scan.began);
		}
		this.readAt = readNow;
		// After the listing: a child registered since is not taken for an orphan.
		scan.running = this.children.runningPids();
	}

	/**
	 * The children whose earlier reading this scan may keep when {@code /proc} still
	 * lists them under the same entry: running children of the launcher whose output the
	 * application does not read. Such a child's parent is the JVM until the JDK reaps it,
	 * and the zombie it becomes before that is not counted, so only its CPU time and
	 * command line change: it is read again in turn, one scan in
	 * {@value #REREAD_EVERY_SCANS} (by pid) and whenever its reading is
	 * {@link #REREAD_AFTER_NANOS} old. A child whose output the application reads is read
	 * at each scan: {@link BlockedOutputDetector} needs its CPU time and state.
	 */
	private Set<Long> keepable(TreeScan scan, long number) {
		Set<Long> running = this.children.runningPids();
		if (running.isEmpty()) {
			return running;
		}
		Set<Long> piped = this.children.outputReadByCaller();
		scan.piped = piped;
		Set<Long> keepable = new HashSet<>(running.size() * 2);
		for (Long pid : running) {
			Long readAt = this.readAt.get(pid);
			if (readAt != null && !piped.contains(pid) && (number + pid) % REREAD_EVERY_SCANS != 0
					&& scan.began - readAt < REREAD_AFTER_NANOS) {
				keepable.add(pid);
			}
		}
		return keepable;
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
				scan.piped, scan.began);
	}

}
