package io.childproc.internal.tree;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.JvmMark;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.PidsLimit;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.ReapingCalls;

/**
 * Watches the JVM's process tree: a background scan every
 * {@linkplain ProcessTreeMonitorSettings#scanInterval() scan interval} keeps the latest
 * {@link ProcessTreeSnapshot}, the one source of the endpoint, the gauges and the health
 * check, so that {@link #snapshot()}, {@link #zombieCount()} and {@link #orphansReaped()}
 * cost O(1) and read no file.
 * <p>
 * A scan orchestrates four policies, each apart from the code that reads {@code /proc}
 * and calls libc:
 * <ul>
 * <li><b>Lasting zombies</b> ({@code LastingZombies}): a zombie counts only once two
 * scans in a row saw it with the same pid and start time, so that a child caught between
 * its exit and the JDK's {@code waitpid} never raises the zombie count; a running child
 * of the launcher never counts (a JDK thread waits for it, even when a busy machine runs
 * that thread late).</li>
 * <li><b>Blocked on output</b> ({@code BlockedOutputDetector}): a running child whose
 * output the application reads itself counts as blocked once two scans, a second or more
 * apart, found one of its output pipes holding the same bytes (a page or more) while its
 * tree wrote nothing (see {@link #blockedOnOutputCount()}).</li>
 * <li><b>Escape detection</b> ({@code EscapeDetector}): the environment is read only for
 * processes that could carry this launcher's mark outside the tree (same user, started
 * after the JVM, not in the tree), once per process.</li>
 * <li><b>Leftovers</b> ({@code Leftovers}): processes of this application whose JVM is
 * gone (killed with SIGKILL), found when the monitor is created (logged, and ended when
 * {@link ProcessTreeMonitorSettings#endLeftovers()}) and in each scan; each process's
 * environment is read once.</li>
 * <li><b>The orphan rule</b> ({@code OrphanReaper}). When the JVM is PID 1 (a container
 * without an init such as tini) or a child subreaper
 * ({@link ProcessTreeMonitorSettings#subreaper()}), orphaned descendants are reparented
 * to it, and the JDK never waits for them: each would stay a zombie for ever. The monitor
 * reaps such a zombie by waiting for that one pid, never for "any child", and only when
 * its parent is the JVM, it is not a running child of the launcher
 * ({@link MonitoredLauncher#isRunning(long)}), and the previous scan, at least
 * {@value #REAP_AFTER_MILLIS} ms before, already saw the same process (same pid, same
 * start time) as a zombie. The JDK reaps each child it launches, including children that
 * other code in the JVM starts with {@link ProcessBuilder} directly, within milliseconds
 * of its exit; a zombie child that stays a second is one that no JDK thread waits for.
 * This needs JNA ({@link ReapingCalls}); without it, zombies are still counted and a
 * warning says what is missing, once.</li>
 * </ul>
 */
public class ProcessTreeMonitor implements AutoCloseable {

	/** How long a zombie child of the JVM must have been seen before it is reaped. */
	public static final long REAP_AFTER_MILLIS = 1000;

	private static final System.Logger logger = System.getLogger(ProcessTreeMonitor.class.getName());

	private static final AtomicInteger instances = new AtomicInteger();

	private final ProcessTable table;

	private final ReapingCalls natives;

	private final CgroupPids cgroupPids;

	private final MonitoredLauncher children;

	private final ProcessTreeMonitorSettings settings;

	private final long self;

	private final boolean reaping;

	private final boolean subreaper;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Object scanLock = new Object();

	private final List<Consumer<ProcessTreeSnapshot>> observers = new CopyOnWriteArrayList<>();

	private final Leftovers leftovers;

	/** The steps of each scan, with the policies they apply; used under scanLock only. */
	private final ScanSteps steps;

	private volatile ProcessTreeSnapshot snapshot;

	private volatile boolean unavailableLogged;

	/**
	 * Creates a monitor of the system's process tree and starts its background scan.
	 * @param children the launcher whose children are watched
	 * @param settings how to scan and reap
	 */
	public ProcessTreeMonitor(MonitoredLauncher children, ProcessTreeMonitorSettings settings) {
		this(LinuxProcessTable.system(), Natives.reapingCalls(), CgroupPids.system(), children, settings);
	}

	/**
	 * Creates a monitor and starts its background scan.
	 * @param table where processes are read
	 * @param natives the native calls used to become a subreaper and reap orphans
	 * @param cgroupPids the cgroup pids controller
	 * @param children the launcher whose children are watched
	 * @param settings how to scan and reap
	 */
	public ProcessTreeMonitor(ProcessTable table, ReapingCalls natives, CgroupPids cgroupPids,
			MonitoredLauncher children, ProcessTreeMonitorSettings settings) {
		this.table = table;
		this.natives = natives;
		this.cgroupPids = cgroupPids;
		this.children = children;
		this.settings = settings;
		this.self = ProcessHandle.current().pid();
		this.snapshot = ProcessTreeSnapshot.empty(table.available());
		boolean isInit = this.self == 1;
		if (isInit) {
			natives.requireFor("Orphan reaping as PID 1");
		}
		boolean subreaperSet = false;
		if (settings.subreaper()) {
			if (natives.requireFor("The child subreaper (childproc.subreaper.enabled=true)")) {
				subreaperSet = natives.becomeChildSubreaper();
				if (subreaperSet) {
					logger.log(Level.INFO, "The JVM is a child subreaper: orphaned descendants are adopted and reaped");
				}
			}
			else {
				logger.log(Level.WARNING, "childproc.subreaper.enabled is true but " + natives.unavailableReason()
						+ "; orphans are not adopted, zombies are still counted");
			}
		}
		this.subreaper = subreaperSet;
		this.leftovers = new Leftovers(table, this.self, children.applicationId(), JvmMark.current());
		this.leftovers.atStart(settings.endLeftovers(), settings.leftoverGracePeriod(),
				new ProcessTreeTerminator(table));
		this.reaping = (isInit || subreaperSet) && natives.available() && table.available();
		this.steps = new ScanSteps(table, cgroupPids, children, this.self, this.reaping
				? new OrphanReaper(this.self, natives, children, TimeUnit.MILLISECONDS.toNanos(REAP_AFTER_MILLIS))
				: null, this.leftovers);
		if (isInit && !natives.available()) {
			logger.log(Level.WARNING,
					"The JVM is PID 1, so orphaned processes are reparented to it, but " + natives.unavailableReason()
							+ "; they stay zombies (counted, not reaped). Run the JVM under "
							+ "an init such as tini (docker run --init), or add JNA");
		}
		if (!table.available()) {
			logUnavailable();
		}
		if (this.reaping && settings.scanInterval().isZero()) {
			logger.log(Level.WARNING, "Orphans adopted by the JVM are reaped only by a scan, and "
					+ "childproc.zombies.scan-interval is 0: set an interval, or call scan() yourself");
		}
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "childproc-tree-" + instances.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		long interval = settings.scanInterval().toNanos();
		if (interval > 0 && table.available()) {
			this.scheduler.scheduleWithFixedDelay(this::backgroundScan, 0, interval, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Returns the latest snapshot; O(1).
	 * @return the snapshot of the last scan, empty before the first
	 */
	public ProcessTreeSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Returns how many zombies the last scan found among the JVM's descendants; O(1).
	 * @return the zombie count
	 */
	public int zombieCount() {
		return this.snapshot.zombieCount();
	}

	/**
	 * Returns how many running children the last scan found blocked on their output;
	 * O(1).
	 * @return the count
	 */
	public int blockedOnOutputCount() {
		return this.snapshot.blockedOnOutputCount();
	}

	/**
	 * Returns the cgroup pids count and limit of the last scan, or read now before the
	 * first scan.
	 * @return the count and limit, or empty when no cgroup v2 pids controller is visible
	 */
	public Optional<PidsLimit> pids() {
		PidsLimit pids = this.snapshot.pids();
		return (pids != null || this.snapshot.takenAt() != null) ? Optional.ofNullable(pids) : this.cgroupPids.read();
	}

	/**
	 * Returns the processes an earlier run of this application left behind when its JVM
	 * was killed, as the last look found them (when the monitor started, then each scan);
	 * O(1).
	 * @return the leftovers, oldest first; empty when the launcher marks no application
	 */
	public List<LeftoverProcess> leftovers() {
		return this.leftovers.latest();
	}

	/**
	 * Returns how many leftovers the last look found; O(1).
	 * @return the count
	 */
	public int leftoverCount() {
		return this.leftovers.latest().size();
	}

	/**
	 * Returns how many orphans this monitor has reaped since it started; O(1).
	 * @return the count, which only grows
	 */
	public long orphansReaped() {
		return this.steps.orphansReaped();
	}

	/**
	 * Whether the process tree can be read on this system.
	 * @return {@code false} off Linux or without {@code /proc}
	 */
	public boolean available() {
		return this.table.available();
	}

	/**
	 * Whether this monitor reaps adopted orphans: the JVM is PID 1 or a subreaper, and
	 * the native calls are available.
	 * @return whether orphans are reaped
	 */
	public boolean reapsOrphans() {
		return this.reaping;
	}

	/**
	 * Whether this monitor made the JVM a child subreaper.
	 * @return whether the JVM is a subreaper
	 */
	public boolean isSubreaper() {
		return this.subreaper;
	}

	/**
	 * Returns the settings of this monitor.
	 * @return the settings
	 */
	public ProcessTreeMonitorSettings settings() {
		return this.settings;
	}

	/**
	 * Scans the process tree now, reaps the orphans that are due, and makes the result
	 * the latest snapshot. The scan costs what changed, not what exists: the listing
	 * reads the {@code stat} of the JVM's descendants, of the escapees and of new or
	 * reparented processes, and keeps every other process of the listing before; a
	 * running child whose output the launcher handles keeps its reading too, read again
	 * in turn (one scan in six, or after 30 s) for its CPU time; a descendant's command
	 * line is read again only after an {@code exec}. The environment is read only of a
	 * process that could have escaped the tree, once.
	 * @return the new snapshot
	 */
	public ProcessTreeSnapshot scan() {
		if (!this.table.available()) {
			logUnavailable();
			return this.snapshot;
		}
		ProcessTreeSnapshot result;
		synchronized (this.scanLock) {
			TreeScan scan = new TreeScan(this.self, this.snapshot, System.nanoTime(), Instant.now());
			for (TreeScan.Step step : this.steps.inOrder()) {
				step.run(scan);
			}
			result = scan.snapshot(this.settings.maxZombies());
			this.snapshot = result;
		}
		for (Consumer<ProcessTreeSnapshot> observer : this.observers) {
			observer.accept(result);
		}
		return result;
	}

	/**
	 * Calls an observer after each scan, on the scanning thread, with the scan's snapshot
	 * (such as a timer of {@link ProcessTreeSnapshot#scanDuration()}). An observer must
	 * return quickly and must not throw.
	 * @param observer the observer
	 */
	public void addScanObserver(Consumer<ProcessTreeSnapshot> observer) {
		this.observers.add(Objects.requireNonNull(observer, "observer"));
	}

	private void backgroundScan() {
		try {
			scan();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Scan of the process tree failed; it runs again at the next interval", ex);
		}
	}

	private void logUnavailable() {
		if (!this.unavailableLogged) {
			this.unavailableLogged = true;
			logger.log(Level.INFO, () -> "The process tree cannot be read here (" + System.getProperty("os.name")
					+ ", no /proc): zombies, descendants and escaped processes are not reported");
		}
	}

	/**
	 * Stops the background scan.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
