package io.childproc.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.childproc.ProcessLauncher;
import io.childproc.metrics.BoundedNameTags;
import io.childproc.observation.ChildProcessObservationConvention;
import io.childproc.observation.ChildProcessObservations;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes the children of every {@link ProcessLauncher} bean
 * ({@link ChildProcessObservations}). With several launchers the {@code launcher} key
 * holds the launcher's bean name; a single launcher's Observations have no such key.
 */
public final class LaunchersObservations implements AutoCloseable {

	private final List<ChildProcessObservations> observations = new ArrayList<>();

	/**
	 * Starts observing the children of the given launchers.
	 * @param launchers the launchers by bean name
	 * @param registry the registry
	 * @param maxNames how many distinct child names each launcher's {@code name} key
	 * reports
	 * @param convention the convention that replaces the default one, or {@code null}
	 */
	public LaunchersObservations(Map<String, ProcessLauncher> launchers, ObservationRegistry registry, int maxNames,
			ChildProcessObservationConvention convention) {
		this(launchers, registry, maxNames, convention, false);
	}

	/**
	 * Starts observing the children of the given launchers.
	 * @param launchers the launchers by bean name
	 * @param registry the registry
	 * @param maxNames how many distinct child names each launcher's {@code name} key
	 * reports
	 * @param convention the convention that replaces the default one, or {@code null}
	 * @param showStderrTail whether a failed child's Observation carries the tail of its
	 * standard error (values shown:
	 * {@code management.endpoint.children.show-values=always})
	 */
	public LaunchersObservations(Map<String, ProcessLauncher> launchers, ObservationRegistry registry, int maxNames,
			ChildProcessObservationConvention convention, boolean showStderrTail) {
		boolean several = launchers.size() > 1;
		launchers.forEach((name, launcher) -> this.observations.add(ChildProcessObservations.observe(launcher, registry,
				new BoundedNameTags(maxNames), several ? name : null, convention, showStderrTail)));
	}

	@Override
	public void close() {
		this.observations.forEach(ChildProcessObservations::close);
	}

}
