package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.childproc.Durations;
import io.childproc.InvalidSettingException;
import io.childproc.LauncherSettings;
import io.childproc.ExitWatcherMode;
import io.childproc.metrics.BoundedNameTags;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of childproc, under {@code childproc.*}. Each setter refuses a value that
 * makes no sense with a message that names the property; the launcher's values are
 * checked by {@link LauncherSettings.Builder}, the durations by {@link Durations}, so
 * that the bounds live in one place.
 */
@ConfigurationProperties("childproc")
public class ChildProcessProperties {

	/**
	 * Whether to auto-configure the process launcher and everything built on it.
	 */
	private boolean enabled = true;

	/**
	 * How many children may be live at once; 0 for no limit.
	 */
	private int maxLive = 0;

	private final Reap reap = new Reap();

	private final History history = new History();

	private final Shutdown shutdown = new Shutdown();

	private final Terminate terminate = new Terminate();

	private final Zombies zombies = new Zombies();

	private final Subreaper subreaper = new Subreaper();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	// Exit watching (launch cost).

	/**
	 * Watcher that learns that a child exited: auto (one thread waiting on pidfds where
	 * Linux 5.3+, JNA and native access allow, else jdk), pidfd (fail start-up where it
	 * cannot work) or jdk (Process.onExit(), a thread per exit on small machines).
	 */
	private ExitWatcher exitWatcher = ExitWatcher.AUTO;

	public ExitWatcher getExitWatcher() {
		return this.exitWatcher;
	}

	public void setExitWatcher(ExitWatcher exitWatcher) {
		if (exitWatcher == null) {
			throw new IllegalArgumentException("childproc.exit-watcher must be auto, pidfd or jdk, was empty");
		}
		this.exitWatcher = exitWatcher;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxLive() {
		return this.maxLive;
	}

	public void setMaxLive(int maxLive) {
		this.maxLive = checked("childproc.max-live", maxLive, (settings) -> settings.maxLive(maxLive));
	}

	public Reap getReap() {
		return this.reap;
	}

	public History getHistory() {
		return this.history;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Terminate getTerminate() {
		return this.terminate;
	}

	public Zombies getZombies() {
		return this.zombies;
	}

	public Subreaper getSubreaper() {
		return this.subreaper;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Returns the launcher settings these properties describe, with a new owner id.
	 * @return the settings
	 */
	public LauncherSettings toLauncherSettings() {
		return LauncherSettings.builder()
			.reapOnExit(this.reap.isOnExit())
			.reapInterval(this.reap.getInterval())
			.maxLive(this.maxLive)
			.historySize(this.history.getSize())
			.shutdownGracePeriod(this.shutdown.getGracePeriod())
			.terminateGracePeriod(this.terminate.getGracePeriod())
			.killEscaped(this.shutdown.isKillEscaped())
			.exitWatcher(this.exitWatcher.mode)
			.build();
	}

	/**
	 * Checks a value with the launcher settings' own check, once, there; a bad value is
	 * refused with the core's message, naming the property instead of the setting.
	 */
	private static <T> T checked(String property, T value, Consumer<LauncherSettings.Builder> check) {
		try {
			check.accept(LauncherSettings.builder());
			return value;
		}
		catch (InvalidSettingException ex) {
			throw new IllegalArgumentException(property + " " + ex.problem());
		}
	}

	/**
	 * When exited children are reaped.
	 */
	public static class Reap {

		/**
		 * Whether to reap each child the moment its exit is seen.
		 */
		private boolean onExit = false;

		/**
		 * How often a background task reaps exited children; 0 turns it off, so that an
		 * exited child waits for the next start, as in Python's multiprocessing.
		 */
		private Duration interval = Duration.ofSeconds(10);

		public boolean isOnExit() {
			return this.onExit;
		}

		public void setOnExit(boolean onExit) {
			this.onExit = onExit;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = checked("childproc.reap.interval", interval, (settings) -> settings.reapInterval(interval));
		}

	}

	/**
	 * What is kept of reaped children.
	 */
	public static class History {

		/**
		 * How many exit records of reaped children to keep, newest first.
		 */
		private int size = 100;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = checked("childproc.history.size", size, (settings) -> settings.historySize(size));
		}

	}

	/**
	 * What happens to children when the application stops.
	 */
	public static class Shutdown {

		/**
		 * How long live children get after SIGTERM at shutdown before SIGKILL.
		 */
		private Duration gracePeriod = Duration.ofSeconds(10);

		/**
		 * Whether to end descendants that left the process tree (setsid, double fork,
		 * nohup) but carry this launcher's mark, at shutdown and when their child is
		 * terminated.
		 */
		private boolean killEscaped = true;

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = checked("childproc.shutdown.grace-period", gracePeriod,
					(settings) -> settings.shutdownGracePeriod(gracePeriod));
		}

		public boolean isKillEscaped() {
			return this.killEscaped;
		}

		public void setKillEscaped(boolean killEscaped) {
			this.killEscaped = killEscaped;
		}

	}

	/**
	 * How a single child's tree is ended, on timeout or on request.
	 */
	public static class Terminate {

		/**
		 * How long a child's tree gets after SIGTERM, when its timeout passes or it is
		 * ended through the endpoint, before SIGKILL.
		 */
		private Duration gracePeriod = Duration.ofSeconds(5);

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = checked("childproc.terminate.grace-period", gracePeriod,
					(settings) -> settings.terminateGracePeriod(gracePeriod));
		}

	}

	/**
	 * How the process tree is watched for zombies.
	 */
	public static class Zombies {

		/**
		 * How often to read the JVM's process tree for zombies and escaped descendants; 0
		 * turns the scan off.
		 */
		private Duration scanInterval = Duration.ofSeconds(5);

		public Duration getScanInterval() {
			return this.scanInterval;
		}

		public void setScanInterval(Duration scanInterval) {
			this.scanInterval = Durations.requireInterval(scanInterval, "childproc.zombies.scan-interval",
					"0 turns the scan off");
		}

	}

	/**
	 * Whether the JVM adopts and reaps orphaned descendants.
	 */
	public static class Subreaper {

		/**
		 * Whether to make the JVM a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER),
		 * so that orphaned descendants are reparented to it and reaped instead of
		 * escaping to PID 1.
		 */
		private boolean enabled = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	// Health and metrics: the operations part (helper ops).

	/**
	 * When the children health component goes DOWN.
	 */
	public static class Health {

		/**
		 * How long an exited child may stay unreaped before health is DOWN (the
		 * background reap is broken); unset means 3 reap intervals while the background
		 * reap or reap on exit is on, and no check when both are off (exited children
		 * then wait for the next start by design).
		 */
		private Duration maxUnreapedAge;

		/**
		 * How many zombies among the JVM's descendants, seen in two scans in a row, make
		 * health DOWN.
		 */
		private int maxZombies = 25;

		public Duration getMaxUnreapedAge() {
			return this.maxUnreapedAge;
		}

		public void setMaxUnreapedAge(Duration maxUnreapedAge) {
			if (maxUnreapedAge != null) {
				Durations.requirePositive(maxUnreapedAge, "childproc.health.max-unreaped-age",
						"leave it unset for 3 reap intervals");
			}
			this.maxUnreapedAge = maxUnreapedAge;
		}

		public int getMaxZombies() {
			return this.maxZombies;
		}

		public void setMaxZombies(int maxZombies) {
			if (maxZombies < 0) {
				throw new IllegalArgumentException("childproc.health.max-zombies must be 0 or more, was " + maxZombies);
			}
			this.maxZombies = maxZombies;
		}

		/**
		 * Returns the unreaped age beyond which health is DOWN for a launcher that reaps
		 * as given.
		 * @param reapInterval the background reap interval, {@link Duration#ZERO} when
		 * off
		 * @param reapOnExit whether each child is reaped the moment its exit is seen
		 * @return the configured age, else 3 reap intervals, else 1 minute with reap on
		 * exit alone; {@code null} when nothing reaps in the background, so that an
		 * exited child waiting for the next start is no fault
		 */
		public Duration effectiveMaxUnreapedAge(Duration reapInterval, boolean reapOnExit) {
			if (this.maxUnreapedAge != null) {
				return this.maxUnreapedAge;
			}
			if (!reapInterval.isZero()) {
				return reapInterval.multipliedBy(3);
			}
			return (reapOnExit) ? Duration.ofMinutes(1) : null;
		}

	}

	/**
	 * How the children are measured.
	 */
	public static class Metrics {

		/**
		 * How many distinct child names the name tag of process.children.duration
		 * reports, per launcher; later new names are reported as OTHER.
		 */
		private int maxNames = 100;

		public int getMaxNames() {
			return this.maxNames;
		}

		public void setMaxNames(int maxNames) {
			if (maxNames < 1) {
				throw new IllegalArgumentException("childproc.metrics.max-names must be 1 or more, was " + maxNames
						+ " (past it new names are reported as " + BoundedNameTags.OVERFLOW + ")");
			}
			this.maxNames = maxNames;
		}

	}

	/**
	 * The values of {@code childproc.exit-watcher}.
	 */
	public enum ExitWatcher {

		/** The pidfd watcher where it works, else jdk. */
		AUTO(ExitWatcherMode.AUTO),

		/** The pidfd watcher, or a failure at start-up where it cannot work. */
		PIDFD(ExitWatcherMode.PIDFD),

		/** The JDK's {@code Process.onExit()}. */
		JDK(ExitWatcherMode.JDK);

		private final ExitWatcherMode mode;

		ExitWatcher(ExitWatcherMode mode) {
			this.mode = mode;
		}

	}

}
