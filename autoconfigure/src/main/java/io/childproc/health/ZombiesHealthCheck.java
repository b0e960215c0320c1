package io.childproc.health;

import java.util.Map;
import java.util.Objects;

import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeSnapshot;

/**
 * Makes the {@code children} health component DOWN when the zombies among the JVM's
 * descendants stay above {@code childproc.health.max-zombies} for two scans in a row; one
 * scan is not enough, so that a short burst does not restart the application through a
 * liveness probe. Reads the {@link ProcessTreeMonitor}'s last scan.
 */
public class ZombiesHealthCheck implements ChildrenHealthCheck {

	/** How many scans in a row must find too many zombies. */
	public static final int SCANS = 2;

	private final ProcessTreeMonitor monitor;

	/**
	 * Creates a check that reads a monitor.
	 * @param monitor the monitor
	 */
	public ZombiesHealthCheck(ProcessTreeMonitor monitor) {
		this.monitor = Objects.requireNonNull(monitor, "monitor");
	}

	@Override
	public String check(Map<String, Object> details) {
		ProcessTreeSnapshot snapshot = this.monitor.snapshot();
		int maxZombies = this.monitor.settings().maxZombies();
		details.put("zombies", snapshot.zombieCount());
		details.put("maxZombies", maxZombies);
		details.put("orphansReaped", this.monitor.orphansReaped());
		if (snapshot.zombieStreak() < SCANS) {
			return null;
		}
		return snapshot.zombieCount() + " zombie processes among the JVM's descendants, more than "
				+ "childproc.health.max-zombies (" + maxZombies + ") for " + snapshot.zombieStreak()
				+ " scans in a row: see zombieProcesses in /actuator/children for the parents that do not wait for "
				+ "their children; when the parent is the JVM itself, run it under an init (docker run --init, "
				+ "tini) or set childproc.subreaper.enabled=true with JNA on the class path";
	}

}
