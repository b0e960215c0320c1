package io.childproc;

import java.util.Objects;

/**
 * What a launcher does with its children's output by default:
 * {@code LauncherSettings.builder().output(OutputSettings.DEFAULTS.withDefaultOutput(ChildOutput.log()))}.
 *
 * @param defaultOutput what becomes of the output of children started without a
 * {@link ChildOutput} ({@link StartOptions#withOutput})
 * @param failureTail how many of the last bytes of standard error an {@link ExitRecord}
 * keeps for a child that did not succeed and whose output the launcher drains: 0 (none)
 * to {@link #MAX_FAILURE_TAIL}
 */
public record OutputSettings(ChildOutput defaultOutput, int failureTail) {

	/** The default {@link #failureTail()}: 2 KiB. */
	public static final int DEFAULT_FAILURE_TAIL = 2048;

	/** The largest {@link #failureTail()}: 64 KiB. */
	public static final int MAX_FAILURE_TAIL = 64 * 1024;

	/** {@link ChildOutput#pipe()} and a 2 KiB failure tail. */
	public static final OutputSettings DEFAULTS = new OutputSettings(ChildOutput.pipe(), DEFAULT_FAILURE_TAIL);

	public OutputSettings {
		Objects.requireNonNull(defaultOutput, "defaultOutput");
		if (failureTail < 0 || failureTail > MAX_FAILURE_TAIL) {
			throw new InvalidSettingException("failureTail", "must be 0 to " + MAX_FAILURE_TAIL + " bytes, was "
					+ failureTail + " (0 keeps none; each exit record holds it: a few KiB say why a child failed)");
		}
	}

	/**
	 * Returns these settings with another default output.
	 * @param defaultOutput the output of children started without one
	 * @return the settings
	 */
	public OutputSettings withDefaultOutput(ChildOutput defaultOutput) {
		return new OutputSettings(defaultOutput, this.failureTail);
	}

	/**
	 * Returns these settings with another failure tail.
	 * @param failureTail the number of bytes: 0 to {@link #MAX_FAILURE_TAIL}
	 * @return the settings
	 */
	public OutputSettings withFailureTail(int failureTail) {
		return new OutputSettings(this.defaultOutput, failureTail);
	}

}
