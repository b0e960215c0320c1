package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a launcher keeps of a reaped child.
 *
 * @param pid the process id it had
 * @param name its name
 * @param command its program and arguments
 * @param exitCode its exit code (128+N when killed by signal N)
 * @param outcome how it ended
 * @param startedAt when it was started
 * @param exitedAt when its exit was seen
 * @param reapedAt when it was reaped
 * @param stderrTail the last lines of its standard error (at most
 * {@link OutputSettings#failureTail()} bytes) when it did not succeed and the launcher
 * drained its output ({@link ChildOutput#log()}, {@link ChildOutput#capture(int)}); else
 * empty. Like the command line, it can hold secrets: show it with care
 */
public record ExitRecord(long pid, String name, List<String> command, int exitCode, Outcome outcome, Instant startedAt,
		Instant exitedAt, Instant reapedAt, String stderrTail) {

	public ExitRecord {
		command = List.copyOf(command);
		Objects.requireNonNull(stderrTail, "stderrTail");
	}

	/**
	 * Creates a record without a standard error tail.
	 * @param pid the process id it had
	 * @param name its name
	 * @param command its program and arguments
	 * @param exitCode its exit code
	 * @param outcome how it ended
	 * @param startedAt when it was started
	 * @param exitedAt when its exit was seen
	 * @param reapedAt when it was reaped
	 */
	public ExitRecord(long pid, String name, List<String> command, int exitCode, Outcome outcome, Instant startedAt,
			Instant exitedAt, Instant reapedAt) {
		this(pid, name, command, exitCode, outcome, startedAt, exitedAt, reapedAt, "");
	}

	/**
	 * Returns how long the child ran, from start to exit.
	 * @return the run time
	 */
	public Duration duration() {
		return Duration.between(this.startedAt, this.exitedAt);
	}

}
