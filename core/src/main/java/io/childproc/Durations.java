package io.childproc;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The bounds every duration of childproc is checked against, in one place: settings,
 * start options and the arguments of {@link ChildProcess#terminate(Duration)}. A longer
 * duration than {@link #MAX} is surely a mistake, and one the JDK cannot always add to a
 * clock.
 */
public final class Durations {

	/** The longest duration accepted: 365 days. */
	public static final Duration MAX = Duration.ofDays(365);

	/**
	 * The shortest interval of a background task, other than 0 (off): a shorter one keeps
	 * a thread busy.
	 */
	public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

	private Durations() {
	}

	/**
	 * Checks a duration that may be zero: set, not negative, at most {@link #MAX}.
	 * @param value the value
	 * @param name the name of the setting or argument, for the message
	 * @param hint what 0 means, for the message
	 * @return the value
	 * @throws InvalidSettingException with a message that names the setting
	 */
	public static Duration requireDuration(@Nullable Duration value, String name, String hint) {
		if (value == null) {
			throw new InvalidSettingException(name, "must be set (" + hint + ")");
		}
		if (value.isNegative()) {
			throw new InvalidSettingException(name, "must not be negative, was " + value + " (" + hint + ")");
		}
		return requireAtMostMax(value, name, hint);
	}

	/**
	 * Checks a duration that must be positive: set, more than zero, at most {@link #MAX}.
	 * @param value the value
	 * @param name the name of the setting or argument, for the message
	 * @param hint what to give instead, for the message
	 * @return the value
	 * @throws InvalidSettingException with a message that names the setting
	 */
	public static Duration requirePositive(@Nullable Duration value, String name, String hint) {
		if (value == null) {
			throw new InvalidSettingException(name, "must be set (" + hint + ")");
		}
		if (value.isNegative() || value.isZero()) {
			throw new InvalidSettingException(name, "must be positive, was " + value + " (" + hint + ")");
		}
		return requireAtMostMax(value, name, hint);
	}

	/**
	 * Checks the interval of a background task: 0 (off), or {@link #MIN_INTERVAL} to
	 * {@link #MAX}.
	 * @param value the value
	 * @param name the name of the setting, for the message
	 * @param hint what 0 means, for the message
	 * @return the value
	 * @throws InvalidSettingException with a message that names the setting
	 */
	public static Duration requireInterval(@Nullable Duration value, String name, String hint) {
		Duration checked = requireDuration(value, name, hint);
		if (!checked.isZero() && checked.compareTo(MIN_INTERVAL) < 0) {
			throw new InvalidSettingException(name, "must be 0 or at least " + MIN_INTERVAL.toMillis() + " ms, was "
					+ checked + "; a shorter interval keeps a thread busy (" + hint + ")");
		}
		return checked;
	}

	private static Duration requireAtMostMax(Duration value, String name, String hint) {
		if (value.compareTo(MAX) > 0) {
			throw new InvalidSettingException(name,
					"must be at most " + MAX.toDays() + " days, was " + value + " (" + hint + ")");
		}
		return value;
	}

}
