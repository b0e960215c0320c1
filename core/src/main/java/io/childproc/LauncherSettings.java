package io.childproc;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.exit.ExitWatchers;
import io.childproc.internal.exit.JdkExitWatcher;

/**
 * How a {@link DefaultProcessLauncher} reaps, limits, watches and ends its children.
 * Immutable. Build one with {@link #builder()}, or start from {@link #defaults()} and
 * change what you need with the {@code with...} methods. Every value is checked when it
 * is given, once, here: a bad one is refused with an {@link InvalidSettingException} that
 * names the setting. <pre>{@code
 * LauncherSettings settings = LauncherSettings.builder()
 *         .maxLive(8)
 *         .terminateGracePeriod(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 */
public final class LauncherSettings {

	/** The longest duration a setting accepts; see {@link Durations#MAX}. */
	public static final Duration MAX_DURATION = Durations.MAX;

	/** The shortest background interval, other than 0; see {@link Durations}. */
	public static final Duration MIN_INTERVAL = Durations.MIN_INTERVAL;

	/** The most exit records that may be kept. */
	public static final int MAX_HISTORY_SIZE = 100_000;

	private static final String REAP_HINT = "0 turns the background reap off";

	private static final String GRACE_HINT = "0 kills at once";

	private final boolean reapOnExit;

	private final Duration reapInterval;

	private final int maxLive;

	private final int historySize;

	private final Duration shutdownGracePeriod;

	private final Duration terminateGracePeriod;

	private final String ownerId;

	private final boolean killEscaped;

	private final Supplier<? extends ExitWatcher> exitWatcher;

	private LauncherSettings(Builder builder) {
		this.reapOnExit = builder.reapOnExit;
		this.reapInterval = builder.reapInterval;
		this.maxLive = builder.maxLive;
		this.historySize = builder.historySize;
		this.shutdownGracePeriod = builder.shutdownGracePeriod;
		this.terminateGracePeriod = builder.terminateGracePeriod;
		this.ownerId = builder.ownerId;
		this.killEscaped = builder.killEscaped;
		this.exitWatcher = builder.exitWatcher;
	}

	/**
	 * Returns a builder that starts from the {@linkplain #defaults() defaults}, with a
	 * new owner id.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the defaults: no on-exit reaping, a 10 s reap interval, no live limit, 100
	 * exit records, a 10 s shutdown grace period, a 5 s grace period for timeouts, a new
	 * random owner id, escaped descendants ended, and exits learnt by the watcher
	 * {@link ExitWatchers#fromSystemProperty()} picks: {@code pidfd} where it works, else
	 * {@link JdkExitWatcher}.
	 * @return the default settings
	 */
	public static LauncherSettings defaults() {
		return builder().build();
	}

	/**
	 * Returns a new random owner id.
	 * @return an id unique to this call
	 */
	public static String newOwnerId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Returns a builder that starts from these settings.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Whether each child is reaped the moment its exit is seen.
	 * @return the setting {@code reapOnExit}
	 */
	public boolean reapOnExit() {
		return this.reapOnExit;
	}

	/**
	 * How often a background task reaps exited children; {@link Duration#ZERO} when it is
	 * off.
	 * @return the setting {@code reapInterval}
	 */
	public Duration reapInterval() {
		return this.reapInterval;
	}

	/**
	 * How many children may be live at once; 0 for no limit.
	 * @return the setting {@code maxLive}
	 */
	public int maxLive() {
		return this.maxLive;
	}

	/**
	 * How many exit records are kept.
	 * @return the setting {@code historySize}
	 */
	public int historySize() {
		return this.historySize;
	}

	/**
	 * How long {@link DefaultProcessLauncher#close()} waits after SIGTERM before SIGKILL.
	 * @return the setting {@code shutdownGracePeriod}
	 */
	public Duration shutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	/**
	 * How long a timed-out child's tree gets after SIGTERM before SIGKILL.
	 * @return the setting {@code terminateGracePeriod}
	 */
	public Duration terminateGracePeriod() {
		return this.terminateGracePeriod;
	}

	/**
	 * The value of {@value DefaultProcessLauncher#OWNER_VARIABLE} every child is started
	 * with, naming the launcher.
	 * @return the setting {@code ownerId}
	 */
	public String ownerId() {
		return this.ownerId;
	}

	/**
	 * Whether processes that carry the launcher's mark but left the process tree
	 * ({@code setsid}, double fork, {@code nohup}) are ended with their child's tree and
	 * at {@link DefaultProcessLauncher#close()}.
	 * @return the setting {@code killEscaped}
	 */
	public boolean killEscaped() {
		return this.killEscaped;
	}

	/**
	 * Makes the {@link ExitWatcher} through which a launcher learns of its children's
	 * exits; each launcher calls it once and closes what it got when it is closed.
	 * @return the setting {@code exitWatcher}
	 */
	public Supplier<? extends ExitWatcher> exitWatcher() {
		return this.exitWatcher;
	}

	public LauncherSettings withReapOnExit(boolean reapOnExit) {
		return toBuilder().reapOnExit(reapOnExit).build();
	}

	public LauncherSettings withReapInterval(Duration reapInterval) {
		return toBuilder().reapInterval(reapInterval).build();
	}

	public LauncherSettings withMaxLive(int maxLive) {
		return toBuilder().maxLive(maxLive).build();
	}

	public LauncherSettings withHistorySize(int historySize) {
		return toBuilder().historySize(historySize).build();
	}

	public LauncherSettings withShutdownGracePeriod(Duration shutdownGracePeriod) {
		return toBuilder().shutdownGracePeriod(shutdownGracePeriod).build();
	}

	public LauncherSettings withTerminateGracePeriod(Duration terminateGracePeriod) {
		return toBuilder().terminateGracePeriod(terminateGracePeriod).build();
	}

	public LauncherSettings withOwnerId(String ownerId) {
		return toBuilder().ownerId(ownerId).build();
	}

	public LauncherSettings withKillEscaped(boolean killEscaped) {
		return toBuilder().killEscaped(killEscaped).build();
	}

	public LauncherSettings withExitWatcher(Supplier<? extends ExitWatcher> exitWatcher) {
		return toBuilder().exitWatcher(exitWatcher).build();
	}

	@Override
	public String toString() {
		return "LauncherSettings[reapOnExit=" + this.reapOnExit + ", reapInterval=" + this.reapInterval + ", maxLive="
				+ this.maxLive + ", historySize=" + this.historySize + ", shutdownGracePeriod="
				+ this.shutdownGracePeriod + ", terminateGracePeriod=" + this.terminateGracePeriod + ", ownerId="
				+ this.ownerId + ", killEscaped=" + this.killEscaped + "]";
	}

	/**
	 * Builds {@link LauncherSettings}. Each method checks its value at once and refuses a
	 * bad one with an {@link InvalidSettingException} that names the setting.
	 */
	public static final class Builder {

		private boolean reapOnExit;

		private Duration reapInterval = Duration.ofSeconds(10);

		private int maxLive;

		private int historySize = 100;

		private Duration shutdownGracePeriod = Duration.ofSeconds(10);

		private Duration terminateGracePeriod = Duration.ofSeconds(5);

		private String ownerId = newOwnerId();

		private boolean killEscaped = true;

		private Supplier<? extends ExitWatcher> exitWatcher = ExitWatchers::fromSystemProperty;

		private Builder() {
		}

		private Builder(LauncherSettings settings) {
			this.reapOnExit = settings.reapOnExit;
			this.reapInterval = settings.reapInterval;
			this.maxLive = settings.maxLive;
			this.historySize = settings.historySize;
			this.shutdownGracePeriod = settings.shutdownGracePeriod;
			this.terminateGracePeriod = settings.terminateGracePeriod;
			this.ownerId = settings.ownerId;
			this.killEscaped = settings.killEscaped;
			this.exitWatcher = settings.exitWatcher;
		}

		/**
		 * Sets whether each child is reaped the moment its exit is seen.
		 * @param reapOnExit whether to reap on exit
		 * @return this builder
		 */
		public Builder reapOnExit(boolean reapOnExit) {
			this.reapOnExit = reapOnExit;
			return this;
		}

		/**
		 * Sets how often a background task reaps exited children: 0 (off), or 10 ms to
		 * 365 days.
		 * @param reapInterval the interval
		 * @return this builder
		 */
		public Builder reapInterval(Duration reapInterval) {
			this.reapInterval = Durations.requireInterval(reapInterval, "reapInterval", REAP_HINT);
			return this;
		}

		/**
		 * Sets how many children may be live at once; 0 for no limit.
		 * @param maxLive the limit
		 * @return this builder
		 */
		public Builder maxLive(int maxLive) {
			if (maxLive < 0) {
				throw new InvalidSettingException("maxLive", "must be 0 (no limit) or more, was " + maxLive);
			}
			this.maxLive = maxLive;
			return this;
		}

		/**
		 * Sets how many exit records are kept: 0 to
		 * {@value LauncherSettings#MAX_HISTORY_SIZE}.
		 * @param historySize the number of records
		 * @return this builder
		 */
		public Builder historySize(int historySize) {
			if (historySize < 0 || historySize > MAX_HISTORY_SIZE) {
				throw new InvalidSettingException("historySize", "must be 0 to " + MAX_HISTORY_SIZE + ", was "
						+ historySize + " (each record holds a command line: use the meters for longer history)");
			}
			this.historySize = historySize;
			return this;
		}

		/**
		 * Sets how long live children get after SIGTERM at close before SIGKILL: 0 to 365
		 * days.
		 * @param shutdownGracePeriod the grace period; 0 kills at once
		 * @return this builder
		 */
		public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
			this.shutdownGracePeriod = Durations.requireDuration(shutdownGracePeriod, "shutdownGracePeriod",
					GRACE_HINT);
			return this;
		}

		/**
		 * Sets how long a timed-out child's tree gets after SIGTERM before SIGKILL: 0 to
		 * 365 days.
		 * @param terminateGracePeriod the grace period; 0 kills at once
		 * @return this builder
		 */
		public Builder terminateGracePeriod(Duration terminateGracePeriod) {
			this.terminateGracePeriod = Durations.requireDuration(terminateGracePeriod, "terminateGracePeriod",
					GRACE_HINT);
			return this;
		}

		/**
		 * Sets the owner id every child is started with: a non-blank word without
		 * {@code '='}.
		 * @param ownerId the owner id
		 * @return this builder
		 */
		public Builder ownerId(String ownerId) {
			if (ownerId == null || ownerId.isBlank() || ownerId.indexOf('=') >= 0 || ownerId.indexOf('\0') >= 0) {
				throw new InvalidSettingException("ownerId",
						"must be a non-blank word without '=', was '" + ownerId + "'");
			}
			this.ownerId = ownerId;
			return this;
		}

		/**
		 * Sets whether processes that carry the launcher's mark but left the process tree
		 * are ended with their child's tree and at close.
		 * @param killEscaped whether to end escaped descendants
		 * @return this builder
		 */
		public Builder killEscaped(boolean killEscaped) {
			this.killEscaped = killEscaped;
			return this;
		}

		/**
		 * Sets what makes the {@link ExitWatcher} of a launcher; by default
		 * {@link ExitWatchers#fromSystemProperty()} (the pidfd watcher where it works,
		 * else {@link JdkExitWatcher}); {@link ExitWatchers#of} picks for a mode.
		 * @param exitWatcher called once per launcher
		 * @return this builder
		 */
		public Builder exitWatcher(Supplier<? extends ExitWatcher> exitWatcher) {
			this.exitWatcher = Objects.requireNonNull(exitWatcher, "exitWatcher");
			return this;
		}

		/**
		 * Sets how the launcher learns of its children's exits.
		 * @param mode the watcher to use
		 * @return this builder
		 */
		public Builder exitWatcher(ExitWatcherMode mode) {
			if (mode == null) {
				throw new InvalidSettingException("exitWatcher", "must be AUTO, PIDFD or JDK, was null");
			}
			this.exitWatcher = ExitWatchers.of(ExitWatchers.Mode.valueOf(mode.name()));
			return this;
		}

		/**
		 * Returns the settings.
		 * @return the settings, immutable
		 */
		public LauncherSettings build() {
			return new LauncherSettings(this);
		}

	}

}
