package io.childproc;

import org.jspecify.annotations.Nullable;

/**
 * What becomes of a child's standard output and standard error. <pre>{@code
 * launcher.start(new ProcessBuilder("ffmpeg", "-v", "error", "-i", in, out),
 *         StartOptions.named("ffmpeg").withOutput(ChildOutput.log().withCapture(64 * 1024)));
 * }</pre>
 * <ul>
 * <li>{@link #pipe()}: the default; the caller reads {@code process().getInputStream()}
 * and {@code getErrorStream()} (and must, or a child that writes more than the pipe
 * holds, 64 KiB, blocks).</li>
 * <li>{@link #discard()}: both streams go nowhere: no pipe at all
 * ({@link ProcessBuilder.Redirect#DISCARD}).</li>
 * <li>{@link #log()}: each line of standard output is logged at INFO, each line of
 * standard error at WARNING, on the logger {@code io.childproc.output.<child name>}, as
 * {@code <name>[<pid>]: <line>}. A line longer than 8 KiB is cut and says so; bytes that
 * are not UTF-8 are replaced, never thrown on.</li>
 * <li>{@link #capture(int)}: keeps the last {@code maxBytes} bytes of each stream, read
 * with {@link ChildProcess#output()}.</li>
 * </ul>
 * <p>
 * The launcher drains logged and captured streams itself, from one thread shared by every
 * child (no thread per stream): do not read their {@code process()} streams. By the time
 * {@link ChildProcess#onExit()} completes, and before {@code exited} listeners are
 * called, everything the child wrote has been logged and captured, the last line too even
 * without a line break. Should a descendant keep the pipe open after the child exited,
 * what it writes later is drained while the JDK keeps the pipe open (it closes it right
 * after the child's exit), but the exit does not wait for it.
 * <p>
 * A {@link ProcessBuilder} that already redirects a stream is honoured: a stream sent to
 * a file or inherited ({@code inheritIO()}) goes where the builder says and this output
 * applies to the streams left as pipes only; with {@code redirectErrorStream(true)},
 * standard error is part of standard output, logged at INFO and captured as
 * {@link CapturedOutput#stdout()} ({@link CapturedOutput#stderr()} stays empty, and the
 * failure tail of the {@link ExitRecord} is taken from that merged output).
 */
public final class ChildOutput {

	/** The largest capture, per stream: 256 MiB. */
	public static final int MAX_CAPTURE = 256 * 1024 * 1024;

	private static final ChildOutput PIPE = new ChildOutput(Mode.PIPE, false, 0);

	private static final ChildOutput DISCARD = new ChildOutput(Mode.DISCARD, false, 0);

	private static final ChildOutput LOG = new ChildOutput(Mode.DRAIN, true, 0);

	private final Mode mode;

	private final boolean log;

	private final int captureSize;

	private ChildOutput(Mode mode, boolean log, int captureSize) {
		this.mode = mode;
		this.log = log;
		this.captureSize = captureSize;
	}

	/**
	 * Leaves both streams to the caller, as {@link ProcessBuilder} does.
	 * @return the output
	 */
	public static ChildOutput pipe() {
		return PIPE;
	}

	/**
	 * Sends both streams nowhere.
	 * @return the output
	 */
	public static ChildOutput discard() {
		return DISCARD;
	}

	/**
	 * Logs each line: standard output at INFO, standard error at WARNING.
	 * @return the output
	 */
	public static ChildOutput log() {
		return LOG;
	}

	/**
	 * Keeps the last {@code maxBytes} bytes of standard output and, separately, of
	 * standard error.
	 * @param maxBytes how many bytes to keep of each stream: 1 to {@link #MAX_CAPTURE}
	 * @return the output
	 * @throws InvalidSettingException when {@code maxBytes} is out of range
	 */
	public static ChildOutput capture(int maxBytes) {
		return new ChildOutput(Mode.DRAIN, false, checked(maxBytes));
	}

	/**
	 * Returns this output, capturing too: {@code ChildOutput.log().withCapture(65536)}.
	 * @param maxBytes how many bytes to keep of each stream: 1 to {@link #MAX_CAPTURE}
	 * @return the output
	 * @throws InvalidSettingException when {@code maxBytes} is out of range, or on
	 * {@link #pipe()} or {@link #discard()}, whose streams are not drained
	 */
	public ChildOutput withCapture(int maxBytes) {
		if (this.mode != Mode.DRAIN) {
			throw new InvalidSettingException("maxBytes",
					"cannot be captured from ChildOutput." + this
							+ ": the launcher drains no stream of it; use ChildOutput.capture(" + maxBytes
							+ ") or ChildOutput.log().withCapture(" + maxBytes + ")");
		}
		return new ChildOutput(Mode.DRAIN, this.log, checked(maxBytes));
	}

	private static int checked(int maxBytes) {
		if (maxBytes <= 0 || maxBytes > MAX_CAPTURE) {
			throw new InvalidSettingException("maxBytes",
					"must be 1 to " + MAX_CAPTURE + " bytes, was " + maxBytes
							+ ": give how many of the last bytes of each stream to keep, such as 65536 (64 KiB); "
							+ "for more, redirect the output to a file with ProcessBuilder.redirectOutput");
		}
		return maxBytes;
	}

	/**
	 * Returns whether the launcher drains the streams (logs or captures them).
	 * @return {@code true} for {@link #log()} and {@link #capture(int)}
	 */
	public boolean drained() {
		return this.mode == Mode.DRAIN;
	}

	/**
	 * Returns whether both streams go nowhere.
	 * @return {@code true} for {@link #discard()}
	 */
	public boolean discarded() {
		return this.mode == Mode.DISCARD;
	}

	/**
	 * Returns whether lines are logged.
	 * @return {@code true} for {@link #log()}
	 */
	public boolean logged() {
		return this.log;
	}

	/**
	 * Returns how many bytes of each stream are kept.
	 * @return the size, 0 when nothing is captured
	 */
	public int captureSize() {
		return this.captureSize;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ChildOutput that && this.mode == that.mode && this.log == that.log
				&& this.captureSize == that.captureSize;
	}

	@Override
	public int hashCode() {
		return (this.mode.hashCode() * 31 + Boolean.hashCode(this.log)) * 31 + this.captureSize;
	}

	@Override
	public String toString() {
		return switch (this.mode) {
			case PIPE -> "pipe()";
			case DISCARD -> "discard()";
			case DRAIN -> this.log ? ((this.captureSize > 0) ? "log().withCapture(" + this.captureSize + ")" : "log()")
					: "capture(" + this.captureSize + ")";
		};
	}

	private enum Mode {

		PIPE, DISCARD, DRAIN

	}

}
