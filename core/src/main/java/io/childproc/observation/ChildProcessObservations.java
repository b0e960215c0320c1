package io.childproc.observation;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.childproc.ChildProcess;
import io.childproc.ChildProcessListener;
import io.childproc.Outcome;
import io.childproc.ProcessLauncher;
import io.childproc.metrics.BoundedNameTags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes each child's life as one {@link Observation}: started when the launcher
 * reports the child started, on the thread that called {@code start} (so its parent is
 * that thread's current Observation, and with tracing its span is a child of the current
 * span), stopped when the child's exit is seen, with its {@link Outcome}. With a meter
 * handler on the registry (Spring Boot registers one) the Observation gives the
 * {@value DefaultChildProcessObservationConvention#NAME} timer, tagged {@code name} and
 * {@code outcome} as {@link io.childproc.metrics.ChildProcessMetrics} documents.
 * <p>
 * Create it with {@link #observe}; {@link #close()} stops observing new children. An
 * Observation is held only while its child runs.
 */
public final class ChildProcessObservations implements ChildProcessListener, AutoCloseable {

	private static final ChildProcessObservationConvention DEFAULT_CONVENTION = new DefaultChildProcessObservationConvention();

	private final ProcessLauncher launcher;

	private final ObservationRegistry registry;

	private final BoundedNameTags names;

	private final String launcherName;

	private final ChildProcessObservationConvention convention;

	private final Map<ChildProcess, Observation> running = new ConcurrentHashMap<>();

	private final boolean showStderrTail;

	private ChildProcessObservations(ProcessLauncher launcher, ObservationRegistry registry, BoundedNameTags names,
			String launcherName, ChildProcessObservationConvention convention, boolean showStderrTail) {
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.registry = Objects.requireNonNull(registry, "registry");
		this.names = Objects.requireNonNull(names, "names");
		this.launcherName = launcherName;
		this.convention = convention;
		this.showStderrTail = showStderrTail;
	}

	/**
	 * Starts observing the children a launcher starts from now on.
	 * @param launcher the launcher
	 * @param registry the registry the Observations are made in
	 * @param names the bound of the {@code name} key's values
	 * @param launcherName the value of the {@code launcher} key, or {@code null} for none
	 * @param convention the convention that replaces the default one, or {@code null} to
	 * use {@link DefaultChildProcessObservationConvention}
	 * @return the observations, to {@link #close()} when done
	 */
	public static ChildProcessObservations observe(ProcessLauncher launcher, ObservationRegistry registry,
			BoundedNameTags names, String launcherName, ChildProcessObservationConvention convention) {
		return observe(launcher, registry, names, launcherName, convention, false);
	}

	/**
	 * Starts observing the children a launcher starts from now on.
	 * @param launcher the launcher
	 * @param registry the registry the Observations are made in
	 * @param names the bound of the {@code name} key's values
	 * @param launcherName the value of the {@code launcher} key, or {@code null} for none
	 * @param convention the convention that replaces the default one, or {@code null} to
	 * use {@link DefaultChildProcessObservationConvention}
	 * @param showStderrTail whether the Observation of a child that did not succeed
	 * carries the tail of its standard error
	 * ({@link ChildProcessObservationContext#getStderrTail()}); it can hold secrets
	 * @return the observations, to {@link #close()} when done
	 */
	public static ChildProcessObservations observe(ProcessLauncher launcher, ObservationRegistry registry,
			BoundedNameTags names, String launcherName, ChildProcessObservationConvention convention,
			boolean showStderrTail) {
		ChildProcessObservations observations = new ChildProcessObservations(launcher, registry, names, launcherName,
				convention, showStderrTail);
		launcher.addListener(observations);
		return observations;
	}

	@Override
	public void started(ChildProcess child) {
		ChildProcessObservationContext context = new ChildProcessObservationContext(child,
				this.names.tagValue(child.name()), this.launcherName);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		this.running.put(child, observation);
	}

	@Override
	public void exited(ChildProcess child) {
		Observation observation = this.running.remove(child);
		if (observation == null) {
			return;
		}
		ChildProcessObservationContext context = (ChildProcessObservationContext) observation.getContext();
		Outcome outcome = child.outcome().orElse(Outcome.FAILURE);
		context.setOutcome(outcome);
		if (this.showStderrTail && outcome != Outcome.SUCCESS && !child.stderrTail().isEmpty()) {
			context.setStderrTail(child.stderrTail());
		}
		observation.stop();
	}

	/**
	 * Stops observing new children. Observations of children still running are dropped,
	 * not stopped: their run time is unknown.
	 */
	@Override
	public void close() {
		this.launcher.removeListener(this);
		this.running.clear();
	}

}
