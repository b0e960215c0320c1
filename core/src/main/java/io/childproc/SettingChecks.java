package io.childproc;

import java.util.function.Supplier;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.exit.ExitWatchers;
import org.jspecify.annotations.Nullable;

/**
 * The checks of {@link LauncherSettings.Builder} that are more than a range of durations
 * ({@link Durations}): each returns the value, or refuses it with an
 * {@link InvalidSettingException} that names the setting.
 */
final class SettingChecks {

	static final String REAP_HINT = "0 turns the background reap off";

	static final String GRACE_HINT = "0 kills at once";

	private SettingChecks() {
	}

	static int maxLive(int maxLive) {
		if (maxLive < 0) {
			throw new InvalidSettingException("maxLive", "must be 0 (no limit) or more, was " + maxLive);
		}
		return maxLive;
	}

	static int historySize(int historySize, int max) {
		if (historySize < 0 || historySize > max) {
			throw new InvalidSettingException("historySize", "must be 0 to " + max + ", was " + historySize
					+ " (each record holds a command line: use the meters for longer history)");
		}
		return historySize;
	}

	static String ownerId(@Nullable String ownerId) {
		if (ownerId == null || ownerId.isBlank() || ownerId.indexOf('=') >= 0 || ownerId.indexOf('\0') >= 0) {
			throw new InvalidSettingException("ownerId", "must be a non-blank word without '=', was '" + ownerId + "'");
		}
		return ownerId;
	}

	static Supplier<? extends ExitWatcher> exitWatcher(@Nullable ExitWatcherMode mode) {
		if (mode == null) {
			throw new InvalidSettingException("exitWatcher", "must be AUTO, PIDFD or JDK, was null");
		}
		return ExitWatchers.of(ExitWatchers.Mode.valueOf(mode.name()));
	}

}
