package io.childproc.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.childproc.ChildCounts;
import io.childproc.ChildProcessListener;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ExitRecord;
import io.childproc.ProcessLauncher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the children of a {@link ProcessLauncher}: how many are live (and the limit,
 * where the launcher has one), unreaped, exited, started and failed to start, how long
 * the oldest unreaped child has waited, and the run time of each reaped child.
 * <p>
 * Every gauge and function counter reads {@link ProcessLauncher#counts()} or
 * {@link ProcessLauncher#oldestUnreapedAge()}, both O(1), and holds only a weak reference
 * to the launcher. The {@value #DURATION} timer is recorded by a
 * {@link ChildProcessListener} as each child is reaped, tagged with the child's
 * {@code name} (bounded by {@link BoundedNameTags}) and {@code outcome} only: never a pid
 * or a command line. Where an Observation times each child instead
 * ({@code io.childproc.observation.ChildProcessObservations}, which gives the same
 * timer), create this binder with {@code recordDurations} off. {@link #close()} removes
 * the listeners.
 * <p>
 * Other meters of the same children (the operating system's view of the process tree, for
 * instance) are bound by their own {@link MeterBinder}s under the same
 * {@code process.children} prefix; Spring Boot binds every {@code MeterBinder} bean to
 * its registries.
 */
public class ChildProcessMetrics implements MeterBinder, AutoCloseable {

	/** Gauge: children running now. */
	public static final String LIVE = "process.children.live";

	/** Gauge: children that have exited and are not yet reaped. */
	public static final String UNREAPED = "process.children.unreaped";

	/**
	 * Gauge: the launcher's limit of live children ({@code max-live}), when it has one.
	 */
	public static final String MAX = "process.children.max";

	/**
	 * Time gauge: how long the oldest unreaped child has waited since it exited.
	 */
	public static final String UNREAPED_OLDEST = "process.children.unreaped.oldest";

	/** Function counter: children that have exited. */
	public static final String EXITED = "process.children.exited";

	/** Function counter: children started. */
	public static final String STARTED = "process.children.started";

	/** Function counter: starts that failed. */
	public static final String START_FAILURES = "process.children.start.failures";

	/** Timer, tags {@code name} and {@code outcome}: run time of each reaped child. */
	public static final String DURATION = "process.children.duration";

	private final ProcessLauncher launcher;

	private final Iterable<Tag> tags;

	private final BoundedNameTags names;

	private final boolean recordDurations;

	private final List<ChildProcessListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the meters of a launcher's children.
	 * @param launcher the launcher
	 */
	public ChildProcessMetrics(ProcessLauncher launcher) {
		this(launcher, Tags.empty());
	}

	/**
	 * Creates the meters of a launcher's children, each with extra tags.
	 * @param launcher the launcher
	 * @param tags tags added to every meter
	 */
	public ChildProcessMetrics(ProcessLauncher launcher, Iterable<Tag> tags) {
		this(launcher, tags, new BoundedNameTags(), true);
	}

	/**
	 * Creates the meters of a launcher's children, each with extra tags.
	 * @param launcher the launcher
	 * @param tags tags added to every meter
	 * @param names the bound of the {@code name} tag's values
	 * @param recordDurations whether to record {@value #DURATION} as each child is
	 * reaped; {@code false} when an Observation of each child records it
	 */
	public ChildProcessMetrics(ProcessLauncher launcher, Iterable<Tag> tags, BoundedNameTags names,
			boolean recordDurations) {
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
		this.names = Objects.requireNonNull(names, "names");
		this.recordDurations = recordDurations;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, LIVE, "Children running now", (launcher) -> launcher.counts().live());
		int maxLive = maxLive(this.launcher);
		if (maxLive > 0) {
			Gauge.builder(MAX, () -> maxLive)
				.description("The launcher's limit of live children (max-live): starts fail beyond it")
				.tags(this.tags)
				.register(registry);
		}
		gauge(registry, UNREAPED, "Children that have exited and are not yet reaped",
				(launcher) -> launcher.counts().unreaped());
		TimeGauge
			.builder(UNREAPED_OLDEST, this.launcher, TimeUnit.NANOSECONDS,
					(launcher) -> launcher.oldestUnreapedAge().toNanos())
			.description("How long the oldest unreaped child has waited since it exited, 0 when none")
			.tags(this.tags)
			.register(registry);
		counter(registry, EXITED, "Children that have exited", ChildCounts::exited);
		counter(registry, STARTED, "Children started", ChildCounts::started);
		counter(registry, START_FAILURES, "Starts of children that failed", ChildCounts::startFailures);
		if (!this.recordDurations) {
			return;
		}
		MeterProvider<Timer> durations = Timer.builder(DURATION)
			.description("Run time of each reaped child, from start to exit")
			.tags(this.tags)
			.withRegistry(registry);
		ChildProcessListener listener = new DurationRecorder(durations, this.names);
		this.listeners.add(listener);
		this.launcher.addListener(listener);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<ProcessLauncher> value) {
		Gauge.builder(name, this.launcher, value).description(description).tags(this.tags).register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ChildCounts> value) {
		FunctionCounter.builder(name, this.launcher, (launcher) -> value.applyAsDouble(launcher.counts()))
			.description(description)
			.tags(this.tags)
			.register(registry);
	}

	private static int maxLive(ProcessLauncher launcher) {
		return (launcher instanceof DefaultProcessLauncher defaultLauncher) ? defaultLauncher.settings().maxLive() : 0;
	}

	/**
	 * Stops recording the run time of reaped children. The other meters stay registered
	 * until their registry removes them.
	 */
	@Override
	public void close() {
		for (ChildProcessListener listener : this.listeners) {
			this.launcher.removeListener(listener);
			this.listeners.remove(listener);
		}
	}

	private static final class DurationRecorder implements ChildProcessListener {

		private final MeterProvider<Timer> durations;

		private final BoundedNameTags names;

		DurationRecorder(MeterProvider<Timer> durations, BoundedNameTags names) {
			this.durations = durations;
			this.names = names;
		}

		@Override
		public void reaped(ExitRecord record) {
			this.durations.withTags("name", this.names.tagValue(record.name()), "outcome", record.outcome().name())
				.record(record.duration());
		}

	}

}
