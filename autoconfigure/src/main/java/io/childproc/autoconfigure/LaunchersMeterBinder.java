package io.childproc.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.childproc.ProcessLauncher;
import io.childproc.metrics.BoundedNameTags;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the {@link ChildProcessMetrics} of every {@link ProcessLauncher} bean. With
 * several launchers each meter is tagged {@value #LAUNCHER_TAG} with its launcher's bean
 * name, so that they are measured side by side; a single launcher's meters carry no such
 * tag.
 */
public final class LaunchersMeterBinder implements MeterBinder, AutoCloseable {

	/** The tag that names the launcher: its bean name. */
	public static final String LAUNCHER_TAG = "launcher";

	private final List<ChildProcessMetrics> metrics = new ArrayList<>();

	/**
	 * Creates the meters of the given launchers.
	 * @param launchers the launchers by bean name
	 * @param maxNames how many distinct child names each launcher's duration timer
	 * reports
	 * @param recordDurations whether to record {@value ChildProcessMetrics#DURATION}
	 * here; {@code false} when an Observation of each child records it
	 */
	public LaunchersMeterBinder(Map<String, ProcessLauncher> launchers, int maxNames, boolean recordDurations) {
		boolean several = launchers.size() > 1;
		launchers.forEach((name, launcher) -> this.metrics.add(new ChildProcessMetrics(launcher,
				several ? Tags.of(LAUNCHER_TAG, name) : Tags.empty(), new BoundedNameTags(maxNames), recordDurations)));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.metrics.forEach((metrics) -> metrics.bindTo(registry));
	}

	@Override
	public void close() {
		this.metrics.forEach(ChildProcessMetrics::close);
	}

}
