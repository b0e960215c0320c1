package io.childproc;

/**
 * What a launcher captured of a child's output, as of the call to
 * {@link ChildProcess#output()}: readable while the child runs and after it exited.
 *
 * @param stdout the last bytes of standard output kept
 * ({@link ChildOutput#capture(int)}), decoded as UTF-8 (malformed bytes replaced); empty
 * when not captured
 * @param stderr the same for standard error
 * @param stdoutBytes every byte of standard output the launcher read so far, kept or not;
 * 0 for {@link ChildOutput#pipe()} and {@link ChildOutput#discard()}
 * @param stderrBytes the same for standard error
 * @param truncated whether either stream wrote more than was kept
 */
public record CapturedOutput(String stdout, String stderr, long stdoutBytes, long stderrBytes, boolean truncated) {

	/** Nothing captured: what {@code pipe()} and {@code discard()} children return. */
	public static final CapturedOutput NONE = new CapturedOutput("", "", 0, 0, false);

}
