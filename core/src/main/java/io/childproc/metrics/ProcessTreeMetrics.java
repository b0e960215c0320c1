package io.childproc.metrics;

import java.util.Objects;

import io.childproc.internal.linux.PidsLimit;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the operating system's view of the JVM's process tree, read from a
 * {@link ProcessTreeMonitor}'s last scan: zombies among the descendants, children blocked
 * on their output, leftovers of a killed earlier run, orphans reaped, and the cgroup pids
 * count and limit, and a timer of the scans themselves ({@value #SCAN}, recorded by the
 * monitor after each scan). Every value is O(1): no file is read on a scrape. Each gauge
 * holds only a weak reference to the monitor.
 * <p>
 * The pids gauges are registered only where a cgroup v2 pids controller is visible when
 * the binder is bound, and {@value #PIDS_MAX} only when that controller has a limit.
 */
public class ProcessTreeMetrics implements MeterBinder {

	/** Gauge: zombie processes among the JVM's descendants. */
	public static final String ZOMBIES = "process.children.zombies";

	/**
	 * Gauge: running children blocked on their output (a full pipe nobody reads, two
	 * scans in a row).
	 */
	public static final String BLOCKED = "process.children.blocked";

	/**
	 * Gauge: processes an earlier run of this application left behind when its JVM was
	 * killed.
	 */
	public static final String LEFTOVERS = "process.children.leftovers";

	/** Function counter: orphans adopted by the JVM and reaped. */
	public static final String ORPHANS_REAPED = "process.children.orphans.reaped";

	/** Timer: how long each scan of the process tree took. */
	public static final String SCAN = "process.children.scan";

	/** Gauge: processes and threads in the JVM's cgroup ({@code pids.current}). */
	public static final String PIDS_CURRENT = "process.children.pids.current";

	/** Gauge: the cgroup's limit of processes and threads ({@code pids.max}). */
	public static final String PIDS_MAX = "process.children.pids.max";

	private final ProcessTreeMonitor monitor;

	private final Iterable<Tag> tags;

	/**
	 * Creates the meters of a monitor.
	 * @param monitor the monitor
	 */
	public ProcessTreeMetrics(ProcessTreeMonitor monitor) {
		this(monitor, Tags.empty());
	}

	/**
	 * Creates the meters of a monitor, each with extra tags.
	 * @param monitor the monitor
	 * @param tags tags added to every meter
	 */
	public ProcessTreeMetrics(ProcessTreeMonitor monitor, Iterable<Tag> tags) {
		this.monitor = Objects.requireNonNull(monitor, "monitor");
		this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(ZOMBIES, this.monitor, ProcessTreeMonitor::zombieCount)
			.description("Zombie processes among the JVM's descendants, at the last scan of the process tree")
			.tags(this.tags)
			.register(registry);
		Gauge.builder(BLOCKED, this.monitor, ProcessTreeMonitor::blockedOnOutputCount)
			.description("Running children blocked on their output: a standard output or error pipe the application "
					+ "reads itself, found full and untouched by two scans of the process tree in a row")
			.tags(this.tags)
			.register(registry);
		Gauge.builder(LEFTOVERS, this.monitor, ProcessTreeMonitor::leftoverCount)
			.description("Processes left behind by an earlier run of this application whose JVM was killed, at the "
					+ "last scan; they run until childproc.leftovers.end=true ends them at start-up")
			.tags(this.tags)
			.register(registry);
		FunctionCounter.builder(ORPHANS_REAPED, this.monitor, ProcessTreeMonitor::orphansReaped)
			.description("Orphaned processes adopted by the JVM (as PID 1 or a subreaper) and reaped")
			.tags(this.tags)
			.register(registry);
		Timer scans = Timer.builder(SCAN)
			.description("How long each scan of the JVM's process tree took: what the hygiene costs")
			.tags(this.tags)
			.register(registry);
		this.monitor.addScanObserver((snapshot) -> scans.record(snapshot.scanDuration()));
		PidsLimit pids = this.monitor.pids().orElse(null);
		if (pids != null) {
			Gauge.builder(PIDS_CURRENT, this.monitor, (monitor) -> pidsValue(monitor, false))
				.description("Processes and threads in the JVM's cgroup (pids.current)")
				.tags(this.tags)
				.register(registry);
			if (pids.isLimited()) {
				Gauge.builder(PIDS_MAX, this.monitor, (monitor) -> pidsValue(monitor, true))
					.description("The limit of processes and threads in the JVM's cgroup (pids.max): fork fails "
							+ "beyond it")
					.tags(this.tags)
					.register(registry);
			}
		}
	}

	private static double pidsValue(ProcessTreeMonitor monitor, boolean max) {
		PidsLimit pids = monitor.snapshot().pids();
		if (pids == null || (max && !pids.isLimited())) {
			return Double.NaN;
		}
		return max ? pids.max() : pids.current();
	}

}
