package io.childproc.os;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the JVM's process tree: a background scan every
 * {@linkplain ProcessTreeMonitorSettings#scanInterval() scan interval} keeps the latest
 * {@link ProcessTreeSnapshot}, so that {@link #snapshot()}, {@link #zombieCount()} and
 * {@link #orphansReaped()} cost O(1) and can back a gauge or an endpoint.
 * <p>
 * <b>Orphan reaping.</b> When the JVM is PID 1 (a container without an init such as tini)
 * or a child subreaper ({@link ProcessTreeMonitorSettings#subreaper()}), orphaned
 * descendants are reparented to it, and the JDK never waits for them: each would stay a
 * zombie for ever. The monitor reaps such a zombie by waiting for that one pid, never for
 * "any child", and only when all of these hold:
 * <ul>
 * <li>its parent is the JVM;</li>
 * <li>it is not a running child of the launcher
 * ({@link LaunchedChildren#isRunning(long)}), whose exit status the JDK waits for;</li>
 * <li>an earlier scan, at least {@value #REAP_AFTER_MILLIS} ms before, already saw the
 * same process (same pid, same start time) as a zombie. The JDK waits for every child it
 * launches, including children that other code in the JVM starts with
 * {@link ProcessBuilder} directly, and reaps each within milliseconds of its exit; a
 * zombie child that stays a second is one that no JDK thread waits for.</li>
 * </ul>
 * This needs JNA ({@link NativeProcesses}); without it, zombies are still counted and a
 * warning says what is missing, once.
 */
public class ProcessTreeMonitor implements AutoCloseable {

	/** How long a zombie child of the JVM must have been seen before it is reaped. */
	public static final long REAP_AFTER_MILLIS = 1000;

	private static final System.Logger logger = System.getLogger(ProcessTreeMonitor.class.getName());

	private static final AtomicInteger instances = new AtomicInteger();

	private final ProcessTable table;

	private final NativeProcesses natives;

	private final CgroupPids cgroupPids;

	private final LaunchedChildren children;

	private final ProcessTreeMonitorSettings settings;

	private final long self;

	private final boolean reaping;

	private final boolean subreaper;

	private final AtomicLong orphansReaped = new AtomicLong();

	private final ScheduledThreadPoolExecutor scheduler;

	private final Object scanLock = new Object();

	// Guarded by scanLock: zombie children of the JVM, by pid, with when they were first
	// seen.
	private Map<Long, SeenZombie> seenZombies = new HashMap<>();

	private volatile ProcessTreeSnapshot snapshot;

	private volatile boolean unavailableLogged;

	/**
	 * Creates a monitor of the system's process tree and starts its background scan.
	 * @param children the launcher whose children are watched
	 * @param settings how to scan and reap
	 */
	public ProcessTreeMonitor(LaunchedChildren children, ProcessTreeMonitorSettings settings) {
		this(ProcessTable.system(), NativeProcesses.system(), CgroupPids.system(), children, settings);
	}

	/**
	 * Creates a monitor and starts its background scan.
	 * @param table where processes are read
	 * @param natives the native calls used to become a subreaper and reap orphans
	 * @param cgroupPids the cgroup pids controller
	 * @param children the launcher whose children are watched
	 * @param settings how to scan and reap
	 */
	public ProcessTreeMonitor(ProcessTable table, NativeProcesses natives, CgroupPids cgroupPids,
			LaunchedChildren children, ProcessTreeMonitorSettings settings) {
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
		this.reaping = (isInit || subreaperSet) && natives.available() && table.available();
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
	 * Returns the cgroup pids count and limit of the last scan, or read now before the
	 * first scan.
	 * @return the count and limit, or empty when no cgroup v2 pids controller is visible
	 */
	public Optional<PidsLimit> pids() {
		PidsLimit pids = this.snapshot.pids();
		return (pids != null || this.snapshot.takenAt() != null) ? Optional.ofNullable(pids) : this.cgroupPids.read();
	}

	/**
	 * Returns how many orphans this monitor has reaped since it started; O(1).
	 * @return the count, which only grows
	 */
	public long orphansReaped() {
		return this.orphansReaped.get();
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
	 * the latest snapshot.
	 * @return the new snapshot
	 */
	public ProcessTreeSnapshot scan() {
		if (!this.table.available()) {
			logUnavailable();
			return this.snapshot;
		}
		synchronized (this.scanLock) {
			long began = System.nanoTime();
			String owner = this.children.ownerId();
			// Marked processes first: one started after this read is not taken for an
			// escapee below.
			List<MarkedProcess> marked = (owner != null)
					? this.table.findByEnvironment(ProcessMarks.OWNER_VARIABLE, owner, ProcessMarks.CHILD_VARIABLE)
					: List.of();
			List<ProcessInfo> descendants = this.table.descendants(this.self);
			// After the walk: a child registered since is in it.
			Set<Long> running = this.children.runningPids();
			if (this.reaping) {
				descendants = reapOrphans(descendants, began);
			}
			Map<Long, ProcessInfo> byPid = new HashMap<>();
			Map<Long, List<ProcessInfo>> byParent = new HashMap<>();
			for (ProcessInfo process : descendants) {
				byPid.put(process.pid(), process);
				byParent.computeIfAbsent(process.ppid(), (key) -> new ArrayList<>()).add(process);
			}
			List<ZombieProcess> zombies = new ArrayList<>();
			List<String> selfCommand = null;
			for (ProcessInfo process : descendants) {
				if (process.isZombie()) {
					ProcessInfo parent = byPid.get(process.ppid());
					List<String> parentCommand;
					if (parent != null) {
						parentCommand = parent.command();
					}
					else {
						if (selfCommand == null) {
							selfCommand = this.table.process(this.self)
								.map(ProcessInfo::command)
								.orElse(List.of("java"));
						}
						parentCommand = selfCommand;
					}
					zombies.add(new ZombieProcess(process.pid(), process.ppid(), process.commandLine(), parentCommand));
				}
			}
			Map<Long, List<ProcessInfo>> byChild = new LinkedHashMap<>();
			for (ProcessInfo child : byParent.getOrDefault(this.self, List.of())) {
				if (running.contains(child.pid())) {
					byChild.put(child.pid(), subtree(child.pid(), byParent));
				}
			}
			List<EscapedProcess> escaped = new ArrayList<>();
			for (MarkedProcess candidate : marked) {
				ProcessInfo process = candidate.process();
				if (!byPid.containsKey(process.pid()) && !process.state().hasEnded()) {
					long childPid = (candidate.mark() != null) ? this.children.pidOfMark(candidate.mark()) : -1;
					escaped.add(new EscapedProcess(process, childPid));
				}
			}
			PidsLimit pids = this.cgroupPids.read().orElse(null);
			int streak = (zombies.size() > this.settings.maxZombies()) ? this.snapshot.zombieStreak() + 1 : 0;
			ProcessTreeSnapshot result = new ProcessTreeSnapshot(Instant.now(), true, List.copyOf(descendants),
					Collections.unmodifiableMap(byChild), List.copyOf(zombies), List.copyOf(escaped), pids, streak,
					Duration.ofNanos(System.nanoTime() - began));
			this.snapshot = result;
			return result;
		}
	}

	private List<ProcessInfo> reapOrphans(List<ProcessInfo> descendants, long now) {
		Map<Long, SeenZombie> seen = new HashMap<>();
		Set<Long> reaped = new HashSet<>();
		long due = TimeUnit.MILLISECONDS.toNanos(REAP_AFTER_MILLIS);
		for (ProcessInfo process : descendants) {
			if (!process.isZombie() || process.ppid() != this.self || this.children.isRunning(process.pid())) {
				continue;
			}
			SeenZombie before = this.seenZombies.get(process.pid());
			SeenZombie first = (before != null && before.startTime == process.startTime()) ? before
					: new SeenZombie(process.startTime(), now);
			if (now - first.firstSeen >= due && this.natives.reap(process.pid())) {
				reaped.add(process.pid());
				this.orphansReaped.incrementAndGet();
			}
			else {
				seen.put(process.pid(), first);
			}
		}
		this.seenZombies = seen;
		if (reaped.isEmpty()) {
			return descendants;
		}
		List<ProcessInfo> left = new ArrayList<>(descendants.size() - reaped.size());
		for (ProcessInfo process : descendants) {
			if (!reaped.contains(process.pid())) {
				left.add(process);
			}
		}
		return left;
	}

	private static List<ProcessInfo> subtree(long root, Map<Long, List<ProcessInfo>> byParent) {
		List<ProcessInfo> found = new ArrayList<>();
		List<Long> parents = new ArrayList<>();
		parents.add(root);
		for (int i = 0; i < parents.size(); i++) {
			for (ProcessInfo child : byParent.getOrDefault(parents.get(i), List.of())) {
				found.add(child);
				parents.add(child.pid());
			}
		}
		return List.copyOf(found);
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

	private record SeenZombie(long startTime, long firstSeen) {
	}

}
