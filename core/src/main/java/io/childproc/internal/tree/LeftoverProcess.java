package io.childproc.internal.tree;

import java.time.Instant;

import io.childproc.internal.linux.ProcessInfo;
import org.jspecify.annotations.Nullable;

/**
 * A process that an earlier run of this application left behind: it carries the
 * application's mark and the mark of a JVM that no longer runs (see {@link Leftovers}).
 *
 * @param process the process, as read when it was first found
 * @param jvmPid the pid of the JVM that started it or its ancestor, and is gone
 * @param startedAt when the process started, or {@code null} when unknown
 * @param root whether its parent is not itself a leftover: ending the trees of the roots
 * ends every leftover
 */
public record LeftoverProcess(ProcessInfo process, long jvmPid, @Nullable Instant startedAt, boolean root) {

	/**
	 * Returns its pid.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

}
