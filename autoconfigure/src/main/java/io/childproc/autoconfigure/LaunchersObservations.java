package io.childproc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.childproc.ProcessLauncher;
import io.childproc.metrics.BoundedNameTags;
import io.childproc.observation.ChildProcessObservationConvention;
import io.childproc.observation.ChildProcessObservations;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes the children of every {@link ProcessLauncher} bean
 * ({@link ChildProcessObservations}). With several launchers the {@code launcher} key
 * holds the launcher's bean name; a single launcher's Observations have no such key. The
 * auto-configuration hands it each launcher as soon as the launcher bean is created
 * ({@link #observe}), so that children started while the application context starts (in a
 * {@code @Bean} method, say) are observed too.
 */
public final class LaunchersObservations implements AutoCloseable {

	private final ObservationRegistry registry;

	private final int maxNames;

	private final @Nullable ChildProcessObservationConvention convention;

	private final boolean showStderrTail;

	private final Map<String, ChildProcessObservations> observations = new LinkedHashMap<>();

	/**
	 * Starts observing the children of the given launchers.
	 * @param launchers the launchers by bean name
	 * @param registry the registry
	 * @param maxNames how many distinct child names each launcher's {@code name} key
	 * reports
	 * @param convention the convention that replaces the default one, or {@code null}
	 */
	public LaunchersObservations(Map<String, ProcessLauncher> launchers, ObservationRegistry registry, int maxNames,
			@Nullable ChildProcessObservationConvention convention) {
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
			@Nullable ChildProcessObservationConvention convention, boolean showStderrTail) {
		this(registry, maxNames, convention, showStderrTail);
		boolean several = launchers.size() > 1;
		launchers.forEach((name, launcher) -> observe(name, launcher, several));
	}

	LaunchersObservations(ObservationRegistry registry, int maxNames,
			@Nullable ChildProcessObservationConvention convention, boolean showStderrTail) {
		this.registry = registry;
		this.maxNames = maxNames;
		this.convention = convention;
		this.showStderrTail = showStderrTail;
	}

	/**
	 * Observes the children of one launcher from now on, once per bean name.
	 * @param beanName the launcher's bean name
	 * @param launcher the launcher
	 * @param several whether the application has several launchers (the {@code launcher}
	 * key is then given)
	 */
	synchronized void observe(String beanName, ProcessLauncher launcher, boolean several) {
		this.observations.computeIfAbsent(beanName, (name) -> ChildProcessObservations.observe(launcher, this.registry,
				new BoundedNameTags(this.maxNames), several ? name : null, this.convention, this.showStderrTail));
	}

	@Override
	public void close() {
		List<ChildProcessObservations> all;
		synchronized (this) {
			all = List.copyOf(this.observations.values());
		}
		all.forEach(ChildProcessObservations::close);
	}

}
