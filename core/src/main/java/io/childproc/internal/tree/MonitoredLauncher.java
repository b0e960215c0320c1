package io.childproc.internal.tree;

import java.util.Set;

import io.childproc.internal.linux.Mark;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ProcessTreeMonitor} needs to know of the launcher whose children it
 * watches.
 */
public interface MonitoredLauncher {

	/** No launcher: no owner mark, no children. */
	MonitoredLauncher NONE = new MonitoredLauncher() {

		@Override
		public String ownerId() {
			return null;
		}

		@Override
		public Set<Long> runningPids() {
			return Set.of();
		}

		@Override
		public boolean isRunning(long pid) {
			return false;
		}

		@Override
		public long pidOfMark(String mark) {
			return -1;
		}

	};

	/**
	 * Returns the value of {@value Mark#OWNER_VARIABLE} that every child of the launcher
	 * carries.
	 * @return the owner id, or {@code null} when children carry no owner mark
	 */
	String ownerId();

	/**
	 * Returns the value of {@value Mark#APPLICATION_VARIABLE} that every child of the
	 * launcher carries, naming the application across its runs and instances.
	 * @return the application id, or {@code null} when children carry no application mark
	 * (no leftovers are looked for)
	 */
	default @Nullable String applicationId() {
		return null;
	}

	/**
	 * Returns the pids of the launcher's children that have not exited yet.
	 * @return the pids, a snapshot
	 */
	Set<Long> runningPids();

	/**
	 * Whether the pid is a child the launcher started and the JDK has not yet waited for:
	 * such a pid must never be reaped by anyone else.
	 * @param pid the pid
	 * @return whether it is a running child of the launcher
	 */
	boolean isRunning(long pid);

	/**
	 * Returns the pid of the child that was started with {@value Mark#CHILD_VARIABLE} set
	 * to a mark.
	 * @param mark the mark
	 * @return the child's pid, or -1 when no tracked child has that mark
	 */
	long pidOfMark(String mark);

	/**
	 * Returns the pids of the running children whose standard output and error the
	 * application reads itself ({@code ChildOutput.pipe()}, the default): the children
	 * that can block on a pipe nobody reads. Children whose output goes elsewhere, or
	 * that the launcher drains, are left out.
	 * @return the pids, a snapshot; by default none
	 */
	default Set<Long> outputReadByCaller() {
		return Set.of();
	}

}
