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
 * Health of a {@link ProcessLauncher}'s children: UP with the counts as details; DOWN
 * when as many children are live as the launcher allows, when an exited child has waited
 * longer than allowed to be reaped, or when a {@link ChildrenHealthCheck} says so. Each
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
	 * @param maxUnreapedAge how long an exited child may wait to be reaped
	 * @param checks extra checks
	 */
	public ChildrenHealthIndicator(ProcessLauncher launcher, int maxLive, Duration maxUnreapedAge,
			List<ChildrenHealthCheck> checks) {
		super("Children health check failed");
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.maxLive = maxLive;
		this.maxUnreapedAge = Objects.requireNonNull(maxUnreapedAge, "maxUnreapedAge");
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
		details.put("maxUnreapedAge", this.maxUnreapedAge.toString());
		if (this.launcher instanceof DefaultProcessLauncher tracking) {
			details.put("exitWatcher", tracking.exitWatcherName());
		}
		List<String> problems = new ArrayList<>();
		if (this.maxLive > 0 && counts.live() >= this.maxLive) {
			problems.add(counts.live() + " children are live, the limit childproc.max-live is " + this.maxLive
					+ ": new starts fail until one exits; raise childproc.max-live or find what keeps them running");
		}
		if (oldestUnreaped.compareTo(this.maxUnreapedAge) > 0) {
			problems.add("An exited child has waited " + oldestUnreaped + " to be reaped, more than "
					+ "childproc.health.max-unreaped-age (" + this.maxUnreapedAge
					+ "): check that the background reap runs (childproc.reap.interval) or reap through "
					+ "POST /actuator/children");
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
