package io.childproc.internal.tree;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ProcessTreeMonitor} scans and reaps. Immutable.
 *
 * @param scanInterval how often the process tree is scanned; {@link Duration#ZERO} turns
 * the background scan off
 * @param subreaper whether to make the JVM a child subreaper, so that orphaned
 * descendants are adopted and reaped
 * @param maxZombies how many zombies a scan may find before it counts towards
 * {@link ProcessTreeSnapshot#zombieStreak()}
 * @param endLeftovers whether to end, when the monitor starts, the processes an earlier
 * run of the application left behind ({@link Leftovers}); otherwise they are only
 * reported
 * @param leftoverGracePeriod how long leftovers get after SIGTERM before SIGKILL
 */
public record ProcessTreeMonitorSettings(Duration scanInterval, boolean subreaper, int maxZombies, boolean endLeftovers,
		Duration leftoverGracePeriod) {

	public ProcessTreeMonitorSettings {
		Objects.requireNonNull(scanInterval, "scanInterval");
		if (scanInterval.isNegative()) {
			throw new IllegalArgumentException("childproc.zombies.scan-interval must not be negative, was "
					+ scanInterval + " (0 turns the scan off)");
		}
		if (scanInterval.compareTo(Duration.ofDays(365)) > 0) {
			throw new IllegalArgumentException("childproc.zombies.scan-interval must be at most 365 days, was "
					+ scanInterval + " (0 turns the scan off)");
		}
		if (!scanInterval.isZero() && scanInterval.toMillis() < 10) {
			throw new IllegalArgumentException("childproc.zombies.scan-interval must be 0 or at least 10 ms, was "
					+ scanInterval + "; a shorter interval keeps a thread busy (0 turns the scan off)");
		}
		if (maxZombies < 0) {
			throw new IllegalArgumentException("childproc.health.max-zombies must be 0 or more, was " + maxZombies);
		}
		Objects.requireNonNull(leftoverGracePeriod, "leftoverGracePeriod");
		if (leftoverGracePeriod.isNegative()) {
			throw new IllegalArgumentException(
					"childproc.terminate.grace-period must not be negative, was " + leftoverGracePeriod);
		}
	}

	/**
	 * Creates settings that only report leftovers.
	 * @param scanInterval how often the process tree is scanned
	 * @param subreaper whether to make the JVM a child subreaper
	 * @param maxZombies how many zombies a scan may find before it counts towards the
	 * streak
	 */
	public ProcessTreeMonitorSettings(Duration scanInterval, boolean subreaper, int maxZombies) {
		this(scanInterval, subreaper, maxZombies, false, Duration.ofSeconds(5));
	}

	/**
	 * Returns the defaults: a scan every 5 s, no subreaper, 25 zombies allowed, leftovers
	 * only reported.
	 * @return the default settings
	 */
	public static ProcessTreeMonitorSettings defaults() {
		return new ProcessTreeMonitorSettings(Duration.ofSeconds(5), false, 25);
	}

	public ProcessTreeMonitorSettings withScanInterval(Duration scanInterval) {
		return new ProcessTreeMonitorSettings(scanInterval, this.subreaper, this.maxZombies, this.endLeftovers,
				this.leftoverGracePeriod);
	}

	public ProcessTreeMonitorSettings withSubreaper(boolean subreaper) {
		return new ProcessTreeMonitorSettings(this.scanInterval, subreaper, this.maxZombies, this.endLeftovers,
				this.leftoverGracePeriod);
	}

	public ProcessTreeMonitorSettings withMaxZombies(int maxZombies) {
		return new ProcessTreeMonitorSettings(this.scanInterval, this.subreaper, maxZombies, this.endLeftovers,
				this.leftoverGracePeriod);
	}

	public ProcessTreeMonitorSettings withEndLeftovers(boolean endLeftovers, Duration leftoverGracePeriod) {
		return new ProcessTreeMonitorSettings(this.scanInterval, this.subreaper, this.maxZombies, endLeftovers,
				leftoverGracePeriod);
	}

}
