package io.childproc.internal.linux;

import java.nio.file.Path;

/**
 * A cgroup v2 pids controller's count and limit: how many more processes and threads can
 * be created before {@code fork} fails.
 *
 * @param current the processes and threads in the cgroup now ({@code pids.current})
 * @param max the limit ({@code pids.max}), or {@link #UNLIMITED} when it reads
 * {@code max}
 * @param cgroup the cgroup directory both were read from, or {@code null} when not known
 */
public record PidsLimit(long current, long max, Path cgroup) {

	/** The value of {@link #max()} when the cgroup has no limit. */
	public static final long UNLIMITED = -1;

	/**
	 * Creates a reading without its directory.
	 * @param current the processes and threads in the cgroup now
	 * @param max the limit, or {@link #UNLIMITED}
	 */
	public PidsLimit(long current, long max) {
		this(current, max, null);
	}

	/**
	 * Whether the cgroup has a limit.
	 * @return whether {@link #max()} is a number
	 */
	public boolean isLimited() {
		return this.max != UNLIMITED;
	}

	/**
	 * Returns how many more processes or threads fit.
	 * @return the headroom, {@link Long#MAX_VALUE} without a limit
	 */
	public long headroom() {
		return isLimited() ? Math.max(0, this.max - this.current) : Long.MAX_VALUE;
	}

}
