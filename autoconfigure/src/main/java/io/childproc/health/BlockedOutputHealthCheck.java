package io.childproc.health;

import io.childproc.internal.tree.ProcessTreeMonitor;

/**
 * Adds to the {@code children} health component how many running children are blocked on
 * their output (a full pipe that the application never reads, two scans of the process
 * tree in a row), as {@code blockedOnOutput}. Never makes it DOWN: a blocked child is a
 * fault of the code that started it, which a restart does not fix, so it is for an alert
 * ({@code ChildProcessOutputBlocked}), not for a liveness probe. Reads the
 * {@link ProcessTreeMonitor}'s last scan.
 */
public class BlockedOutputHealthCheck extends MonitorCountHealthCheck {

	/**
	 * Creates a check that reads a monitor.
	 * @param monitor the monitor
	 */
	public BlockedOutputHealthCheck(ProcessTreeMonitor monitor) {
		super(monitor, "blockedOnOutput", ProcessTreeMonitor::blockedOnOutputCount);
	}

}
