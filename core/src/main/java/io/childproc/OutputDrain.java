package io.childproc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ProcessBuilder.Redirect;

import io.childproc.internal.output.ByteTail;
import io.childproc.internal.output.LineSplitter;
import io.childproc.internal.output.OutputPump;
import io.childproc.internal.output.StreamDrain;
import org.jspecify.annotations.Nullable;

/**
 * A child's output as its launcher handles it: the redirects its {@link ChildOutput} asks
 * for, and, for a logged or captured child, the drains of its streams on the shared
 * {@link OutputPump}. The launcher's exit path calls {@link #drainAtExit()} after it
 * recorded the exit and before it completes {@code onExit()} and calls the listeners.
 */
final class OutputDrain {

	/** A child whose output the launcher does not drain. */
	static final OutputDrain NONE = new OutputDrain(ChildOutput.pipe(), false, false, false, 0, true);

	/**
	 * A child whose output the launcher does not drain and whose builder sends both
	 * streams elsewhere than to a pipe (a file, {@code DISCARD}, the JVM's own).
	 */
	private static final OutputDrain REDIRECTED = new OutputDrain(ChildOutput.pipe(), false, false, false, 0, false);

	private final ChildOutput output;

	private final boolean drainsStdout;

	private final boolean drainsStderr;

	private final boolean merged;

	private final int failureTail;

	/** Whether the caller gets a pipe of the child's output to read. */
	private final boolean readByCaller;

	private volatile @Nullable Drained stdout;

	private volatile @Nullable Drained stderr;

	private OutputDrain(ChildOutput output, boolean drainsStdout, boolean drainsStderr, boolean merged, int failureTail,
			boolean readByCaller) {
		this.output = output;
		this.readByCaller = readByCaller;
		this.drainsStdout = drainsStdout;
		this.drainsStderr = drainsStderr;
		this.merged = merged;
		this.failureTail = failureTail;
	}

	/**
	 * Plans the output of one start: which streams are drained, given what the caller's
	 * builder already redirects.
	 */
	static OutputDrain plan(ChildOutput output, ProcessBuilder builder, int failureTail) {
		boolean merged = builder.redirectErrorStream();
		boolean stdout = builder.redirectOutput() == Redirect.PIPE;
		boolean stderr = !merged && builder.redirectError() == Redirect.PIPE;
		if (!output.drained()) {
			if (output.discarded()) {
				return new OutputDrain(output, false, false, false, 0, false);
			}
			return (stdout || stderr) ? NONE : REDIRECTED;
		}
		return new OutputDrain(output, stdout, stderr, merged, failureTail, false);
	}

	/**
	 * Whether the caller reads the child's pipes itself: the output is neither drained
	 * nor discarded by the launcher, and the builder pipes standard output or error.
	 */
	boolean readByCaller() {
		return this.readByCaller;
	}

	/**
	 * Sets the redirects this output asks for on the launcher's own copy of the builder:
	 * {@link Redirect#DISCARD} for the piped streams of a discarded child.
	 */
	void redirect(ProcessBuilder copy) {
		if (this.output.discarded()) {
			if (copy.redirectOutput() == Redirect.PIPE) {
				copy.redirectOutput(Redirect.DISCARD);
			}
			if (copy.redirectError() == Redirect.PIPE) {
				copy.redirectError(Redirect.DISCARD);
			}
		}
	}

	/**
	 * Starts draining a started child's streams; a no-op when nothing is drained.
	 */
	void start(Process process, String name) {
		if (!this.drainsStdout && !this.drainsStderr) {
			return;
		}
		Logger logger = this.output.logged() ? System.getLogger("io.childproc.output." + name) : null;
		String prefix = name + "[" + process.pid() + "]: ";
		int capture = this.output.captureSize();
		if (this.drainsStdout) {
			this.stdout = new Drained(process.getInputStream(), logger, Level.INFO, prefix, capture,
					this.merged ? this.failureTail : 0);
		}
		if (this.drainsStderr) {
			this.stderr = new Drained(process.getErrorStream(), logger, Level.WARNING, prefix, capture,
					this.failureTail);
		}
		if (this.stdout != null) {
			OutputPump.shared().add(this.stdout.drain);
		}
		if (this.stderr != null) {
			OutputPump.shared().add(this.stderr.drain);
		}
	}

	/**
	 * Drains what the pipes hold now that the child has exited, last line included; see
	 * {@link StreamDrain#drainAtExit()}. Never throws: a failing log backend must not
	 * stop the exit from being completed.
	 */
	void drainAtExit() {
		drainAtExit(this.stdout);
		drainAtExit(this.stderr);
	}

	private static void drainAtExit(@Nullable Drained drained) {
		if (drained == null) {
			return;
		}
		try {
			drained.drain.drainAtExit();
		}
		catch (RuntimeException ex) {
			System.getLogger(OutputDrain.class.getName())
				.log(Level.WARNING, "Draining a child's output at its exit failed; that stream is no longer read", ex);
			drained.drain.finish();
		}
	}

	/**
	 * Returns what was captured so far.
	 */
	CapturedOutput captured() {
		Drained out = this.stdout;
		Drained err = this.stderr;
		if (out == null && err == null) {
			return CapturedOutput.NONE;
		}
		return new CapturedOutput(text(out), text(err), (out != null) ? out.drain.bytes() : 0,
				(err != null) ? err.drain.bytes() : 0, truncated(out) || truncated(err));
	}

	/**
	 * Returns the last lines of standard error (of the merged output with
	 * {@code redirectErrorStream(true)}), for the exit record of a failed child.
	 */
	String failureTail() {
		Drained source = this.merged ? this.stdout : this.stderr;
		return (source != null && source.failureTail != null) ? source.failureTail.lastLines() : "";
	}

	private static String text(@Nullable Drained drained) {
		return (drained != null && drained.capture != null) ? drained.capture.text() : "";
	}

	private static boolean truncated(@Nullable Drained drained) {
		return drained != null && drained.capture != null && drained.capture.truncated();
	}

	/**
	 * One drained stream: its drain, its capture and its failure tail.
	 */
	private static final class Drained {

		private final StreamDrain drain;

		private final @Nullable ByteTail capture;

		private final @Nullable ByteTail failureTail;

		Drained(java.io.InputStream in, @Nullable Logger logger, Level level, String prefix, int captureSize,
				int failureTailSize) {
			this.capture = (captureSize > 0) ? new ByteTail(captureSize) : null;
			this.failureTail = (failureTailSize > 0) ? new ByteTail(failureTailSize) : null;
			LineSplitter lines = (logger != null) ? new LineSplitter((line) -> logger.log(level, prefix + line)) : null;
			ByteTail[] tails = (this.capture != null && this.failureTail != null)
					? new ByteTail[] { this.capture, this.failureTail }
					: (this.capture != null) ? new ByteTail[] { this.capture }
							: (this.failureTail != null) ? new ByteTail[] { this.failureTail } : new ByteTail[0];
			this.drain = new StreamDrain(in, lines, tails);
		}

	}

}
