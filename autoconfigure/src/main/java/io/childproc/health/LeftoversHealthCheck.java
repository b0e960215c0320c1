package io.childproc.health;

import io.childproc.internal.tree.ProcessTreeMonitor;

/**
 * Adds {@code leftovers} to the details of the {@code children} health component: how
 * many processes an earlier run of this application left behind when its JVM was killed,
 * at the last scan. Never DOWN by itself: leftovers do not stop this application from
 * working, and a restart through a liveness probe would not end them (the alert
 * {@code ChildProcessLeftovers} tells an operator; {@code childproc.leftovers.end=true}
 * ends them at start-up).
 */
public class LeftoversHealthCheck extends MonitorCountHealthCheck {

	/**
	 * Creates a check that reads a monitor.
	 * @param monitor the monitor
	 */
	public LeftoversHealthCheck(ProcessTreeMonitor monitor) {
		super(monitor, "leftovers", ProcessTreeMonitor::leftoverCount);
	}

}
