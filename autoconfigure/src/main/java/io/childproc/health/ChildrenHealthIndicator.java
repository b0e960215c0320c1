package io.childproc.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.childproc.ChildCounts;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ProcessLauncher;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of a {@link ProcessLauncher}'s children: UP with the counts as details, also
 * while as many children are live as the launcher allows (that is back-pressure, shown as
 * {@code saturated: true}, not a fault); DOWN only for lasting trouble an operator must
 * fix: an exited child that waited far longer than the background reap allows (the reap
 * is broken), or a {@link ChildrenHealthCheck} that says so (zombies that last). Each
 * reason is listed under the {@code problems} detail.
 */
public class ChildrenHealthIndicator extends AbstractHealthIndicator {

	private final ProcessLauncher launcher;

	private final int maxLive;

	private final Duration maxUnreapedAge;

	private final List<ChildrenHealthCheck> checks;

	/**
	 * Creates the indicator.
	 * @param launcher the launcher whose children are checked
	 * @param maxLive the launcher's limit of live children; 0 for none
	 * @param maxUnreapedAge how long an exited child may wait to be reaped before the
	 * component is DOWN, or {@code null} when nothing reaps in the background (an exited
	 * child then waits for the next start by design)
	 * @param checks extra checks
	 */
	public ChildrenHealthIndicator(ProcessLauncher launcher, int maxLive, Duration maxUnreapedAge,
			List<ChildrenHealthCheck> checks) {
		super("Children health check failed");
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.maxLive = maxLive;
		this.maxUnreapedAge = maxUnreapedAge;
		this.checks = List.copyOf(checks);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ChildCounts counts = this.launcher.counts();
		Duration oldestUnreaped = this.launcher.oldestUnreapedAge();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("live", counts.live());
		details.put("unreaped", counts.unreaped());
		details.put("exited", counts.exited());
		details.put("started", counts.started());
		details.put("startFailures", counts.startFailures());
		details.put("oldestUnreapedAge", oldestUnreaped.toString());
		details.put("maxLive", this.maxLive);
		if (this.launcher instanceof DefaultProcessLauncher tracking) {
			details.put("exitWatcher", tracking.exitWatcherName());
		}
		if (this.maxUnreapedAge != null) {
			details.put("maxUnreapedAge", this.maxUnreapedAge.toString());
		}
		if (this.maxLive > 0) {
			boolean saturated = counts.live() >= this.maxLive;
			details.put("saturated", saturated);
			if (saturated) {
				details.put("saturation",
						counts.live() + " children are live, the limit childproc.max-live is " + this.maxLive
								+ ": new starts fail until one exits. This is back-pressure, not a fault; "
								+ "raise childproc.max-live if it lasts and the machine has room");
			}
		}
		List<String> problems = new ArrayList<>();
		if (this.maxUnreapedAge != null && oldestUnreaped.compareTo(this.maxUnreapedAge) > 0) {
			problems.add("An exited child has waited " + oldestUnreaped + " to be reaped, more than "
					+ "childproc.health.max-unreaped-age (" + this.maxUnreapedAge
					+ "): the background reap has stopped; reap through POST /actuator/children and look in the "
					+ "log for why the reap failed (a restart brings it back)");
		}
		for (ChildrenHealthCheck check : this.checks) {
			String problem = check.check(details);
			if (problem != null) {
				problems.add(problem);
			}
		}
		if (problems.isEmpty()) {
			builder.up();
		}
		else {
			builder.down();
			details.put("problems", problems);
		}
		builder.withDetails(details);
	}

}
