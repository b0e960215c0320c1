package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 */
public record ExitRecord(long pid, String name, List<String> command, int exitCode, Outcome outcome, Instant startedAt,
		Instant exitedAt, Instant reapedAt) {

	public ExitRecord {
		command = List.copyOf(command);
	}

	/**
	 * Returns how long the child ran, from start to exit.
	 * @return the run time
	 */
	public Duration duration() {
		return Duration.between(this.startedAt, this.exitedAt);
	}

}
