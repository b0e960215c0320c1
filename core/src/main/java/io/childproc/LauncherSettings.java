package io.childproc;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link DefaultProcessLauncher} reaps, limits and ends its children. Immutable;
 * start from {@link #defaults()} and change what you need.
 *
 * @param reapOnExit whether each child is reaped the moment its exit is seen
 * @param reapInterval how often a background task reaps exited children;
 * {@link Duration#ZERO} turns it off
 * @param maxLive how many children may be live at once; 0 for no limit
 * @param historySize how many exit records are kept
 * @param shutdownGracePeriod how long {@link DefaultProcessLauncher#close()} waits after
 * SIGTERM before SIGKILL
 * @param terminateGracePeriod how long a timed-out child's tree gets after SIGTERM before
 * SIGKILL
 * @param ownerId the value of the {@value DefaultProcessLauncher#OWNER_VARIABLE} variable
 * every child is started with, naming this launcher
 * @param killEscaped whether processes that carry this launcher's mark but left the
 * process tree ({@code setsid}, double fork, {@code nohup}) are ended with their child's
 * tree and at {@link DefaultProcessLauncher#close()}
 */
public record LauncherSettings(boolean reapOnExit, Duration reapInterval, int maxLive, int historySize,
		Duration shutdownGracePeriod, Duration terminateGracePeriod, String ownerId, boolean killEscaped) {

	/** The longest duration a setting accepts: a longer one is surely a mistake. */
	public static final Duration MAX_DURATION = Duration.ofDays(365);

	/**
	 * The shortest interval of a background task, other than 0 (off): a shorter one keeps
	 * a thread busy.
	 */
	public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

	/** The most exit records that may be kept. */
	public static final int MAX_HISTORY_SIZE = 100_000;

	public LauncherSettings {
		Objects.requireNonNull(reapInterval, "reapInterval");
		Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
		Objects.requireNonNull(terminateGracePeriod, "terminateGracePeriod");
		Objects.requireNonNull(ownerId, "ownerId");
		requireInterval(reapInterval, "childproc.reap.interval", "0 turns the background reap off");
		requireDuration(shutdownGracePeriod, "childproc.shutdown.grace-period", "0 kills at once");
		requireDuration(terminateGracePeriod, "childproc.terminate.grace-period", "0 kills at once");
		if (maxLive < 0) {
			throw new IllegalArgumentException("childproc.max-live must be 0 (no limit) or more, was " + maxLive);
		}
		if (historySize < 0 || historySize > MAX_HISTORY_SIZE) {
			throw new IllegalArgumentException("childproc.history.size must be 0 to " + MAX_HISTORY_SIZE + ", was "
					+ historySize + " (each record holds a command line: use the meters for longer history)");
		}
		if (ownerId.isBlank() || ownerId.indexOf('=') >= 0 || ownerId.indexOf('\0') >= 0) {
			throw new IllegalArgumentException(
					"The owner id must be a non-blank word without '=', was '" + ownerId + "'");
		}
	}

	/**
	 * Returns the defaults: no on-exit reaping, a 10 s reap interval, no live limit, 100
	 * exit records, a 10 s shutdown grace period, a 5 s grace period for timeouts, a new
	 * random owner id, and escaped descendants ended.
	 * @return the default settings
	 */
	public static LauncherSettings defaults() {
		return new LauncherSettings(false, Duration.ofSeconds(10), 0, 100, Duration.ofSeconds(10),
				Duration.ofSeconds(5), newOwnerId(), true);
	}

	/**
	 * Returns a new random owner id.
	 * @return an id unique to this call
	 */
	public static String newOwnerId() {
		return UUID.randomUUID().toString();
	}

	public LauncherSettings withReapOnExit(boolean reapOnExit) {
		return new LauncherSettings(reapOnExit, this.reapInterval, this.maxLive, this.historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withReapInterval(Duration reapInterval) {
		return new LauncherSettings(this.reapOnExit, reapInterval, this.maxLive, this.historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withMaxLive(int maxLive) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, maxLive, this.historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withHistorySize(int historySize) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, this.maxLive, historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withShutdownGracePeriod(Duration shutdownGracePeriod) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, this.maxLive, this.historySize,
				shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withTerminateGracePeriod(Duration terminateGracePeriod) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, this.maxLive, this.historySize,
				this.shutdownGracePeriod, terminateGracePeriod, this.ownerId, this.killEscaped);
	}

	public LauncherSettings withOwnerId(String ownerId) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, this.maxLive, this.historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, ownerId, this.killEscaped);
	}

	public LauncherSettings withKillEscaped(boolean killEscaped) {
		return new LauncherSettings(this.reapOnExit, this.reapInterval, this.maxLive, this.historySize,
				this.shutdownGracePeriod, this.terminateGracePeriod, this.ownerId, killEscaped);
	}

	/**
	 * Checks a duration setting: not negative, and at most {@link #MAX_DURATION}.
	 * @param value the value
	 * @param property the name of the property, for the message
	 * @param hint what 0 means, for the message
	 * @return the value
	 * @throws IllegalArgumentException with a message that names the property
	 */
	public static Duration requireDuration(Duration value, String property, String hint) {
		if (value == null) {
			throw new IllegalArgumentException(property + " must be set (" + hint + ")");
		}
		if (value.isNegative()) {
			throw new IllegalArgumentException(property + " must not be negative, was " + value + " (" + hint + ")");
		}
		if (value.compareTo(MAX_DURATION) > 0) {
			throw new IllegalArgumentException(
					property + " must be at most " + MAX_DURATION.toDays() + " days, was " + value + " (" + hint + ")");
		}
		return value;
	}

	/**
	 * Checks the interval of a background task: 0 (off), or {@link #MIN_INTERVAL} to
	 * {@link #MAX_DURATION}.
	 * @param value the value
	 * @param property the name of the property, for the message
	 * @param hint what 0 means, for the message
	 * @return the value
	 * @throws IllegalArgumentException with a message that names the property
	 */
	public static Duration requireInterval(Duration value, String property, String hint) {
		requireDuration(value, property, hint);
		if (!value.isZero() && value.compareTo(MIN_INTERVAL) < 0) {
			throw new IllegalArgumentException(property + " must be 0 or at least " + MIN_INTERVAL.toMillis()
					+ " ms, was " + value + "; a shorter interval keeps a thread busy (" + hint + ")");
		}
		return value;
	}

}
