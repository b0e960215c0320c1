package io.childproc.health;

import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

import io.childproc.internal.tree.ProcessTreeMonitor;

/**
 * A check that only adds, as one detail, a count that the {@link ProcessTreeMonitor}
 * keeps from its last scan, and never makes the component DOWN.
 */
abstract class MonitorCountHealthCheck implements ChildrenHealthCheck {

	private final ProcessTreeMonitor monitor;

	private final String detail;

	private final ToIntFunction<ProcessTreeMonitor> count;

	MonitorCountHealthCheck(ProcessTreeMonitor monitor, String detail, ToIntFunction<ProcessTreeMonitor> count) {
		this.monitor = Objects.requireNonNull(monitor, "monitor");
		this.detail = detail;
		this.count = count;
	}

	@Override
	public String check(Map<String, Object> details) {
		details.put(this.detail, this.count.applyAsInt(this.monitor));
		return null;
	}

}
