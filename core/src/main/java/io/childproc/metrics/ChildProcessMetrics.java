package io.childproc.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import io.childproc.ChildCounts;
import io.childproc.ChildProcessListener;
import io.childproc.ExitRecord;
import io.childproc.ProcessLauncher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the children of a {@link ProcessLauncher}: how many are live, unreaped,
 * exited, started and failed to start, how long the oldest unreaped child has waited, and
 * the run time of each reaped child.
 * <p>
 * Every gauge and function counter reads {@link ProcessLauncher#counts()} or
 * {@link ProcessLauncher#oldestUnreapedAge()}, both O(1), and holds only a weak reference
 * to the launcher. The {@value #DURATION} timer is recorded by a
 * {@link ChildProcessListener} as each child is reaped, tagged with the child's
 * {@code name} and {@code outcome} only: never a pid or a command line. {@link #close()}
 * removes the listeners.
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

	/** Gauge, seconds: how long the oldest unreaped child has waited since it exited. */
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
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, LIVE, "Children running now", (launcher) -> launcher.counts().live());
		gauge(registry, UNREAPED, "Children that have exited and are not yet reaped",
				(launcher) -> launcher.counts().unreaped());
		Gauge.builder(UNREAPED_OLDEST, this.launcher, ChildProcessMetrics::oldestUnreapedSeconds)
			.description("How long the oldest unreaped child has waited since it exited, 0 when none")
			.baseUnit("seconds")
			.tags(this.tags)
			.register(registry);
		counter(registry, EXITED, "Children that have exited", ChildCounts::exited);
		counter(registry, STARTED, "Children started", ChildCounts::started);
		counter(registry, START_FAILURES, "Starts of children that failed", ChildCounts::startFailures);
		MeterProvider<Timer> durations = Timer.builder(DURATION)
			.description("Run time of each reaped child, from start to exit")
			.tags(this.tags)
			.withRegistry(registry);
		ChildProcessListener listener = new DurationRecorder(durations);
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

	private static double oldestUnreapedSeconds(ProcessLauncher launcher) {
		return launcher.oldestUnreapedAge().toNanos() / 1e9;
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

		DurationRecorder(MeterProvider<Timer> durations) {
			this.durations = durations;
		}

		@Override
		public void reaped(ExitRecord record) {
			this.durations.withTags("name", record.name(), "outcome", record.outcome().name())
				.record(record.duration());
		}

	}

}
