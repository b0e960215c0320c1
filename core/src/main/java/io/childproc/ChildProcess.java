package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A child process started and tracked by a {@link ProcessLauncher}.
 */
public interface ChildProcess {

	/**
	 * Returns the operating system's process id.
	 * @return the pid
	 */
	long pid();

	/**
	 * Returns the short name given at start, or the program's file name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the program and its arguments as started. Arguments can hold secrets: show
	 * them with care.
	 * @return the command, unmodifiable
	 */
	List<String> command();

	/**
	 * Returns when the child was started.
	 * @return the start instant
	 */
	Instant startedAt();

	/**
	 * Returns the state of the child in its launcher.
	 * @return the state
	 */
	ChildState state();

	/**
	 * Returns the exit code once the child has exited; 128+N when it was killed by signal
	 * N.
	 * @return the exit code, or empty while it runs
	 */
	OptionalInt exitCode();

	/**
	 * Returns how the child ended, once it has exited: the outcome its {@link ExitRecord}
	 * will carry.
	 * @return the outcome, or empty while it runs
	 */
	default Optional<Outcome> outcome() {
		OptionalInt exitCode = exitCode();
		return exitCode.isPresent() ? Optional.of(Outcome.of(exitCode.getAsInt(), false)) : Optional.empty();
	}

	/**
	 * Returns when the child's exit was seen.
	 * @return the exit instant, or {@code null} while it runs
	 */
	@Nullable Instant exitedAt();

	/**
	 * Returns the timeout this child was started with.
	 * @return the timeout, or {@code null} when it has none
	 */
	@Nullable Duration timeout();

	/**
	 * Returns what the launcher captured of this child's output so far
	 * ({@link ChildOutput#capture(int)}); readable while it runs and after it exited, and
	 * complete once {@link #onExit()} has completed.
	 * @return the captured output, {@link CapturedOutput#NONE} when nothing is captured
	 */
	default CapturedOutput output() {
		return CapturedOutput.NONE;
	}

	/**
	 * Returns the last lines of standard error the launcher drained so far (at most
	 * {@link OutputSettings#failureTail()} bytes; of the merged output with
	 * {@code redirectErrorStream(true)}): what the {@link ExitRecord} of a child that did
	 * not succeed keeps. Can hold secrets: show it with care.
	 * @return the lines, empty when the launcher does not drain this child's output
	 */
	default String stderrTail() {
		return "";
	}

	/**
	 * Returns the underlying process, for its streams. For a child whose output the
	 * launcher drains ({@link ChildOutput#log()}, {@link ChildOutput#capture(int)}), do
	 * not read its standard output and error: the launcher does. The launcher learns of
	 * the exit the moment this process shows it: once {@code waitFor()} has returned, or
	 * {@code exitValue()}, {@code isAlive()} or {@code onExit()} has shown the exit,
	 * {@link #exitCode()} is there and the child no longer counts as live.
	 * @return the process
	 */
	Process process();

	/**
	 * Returns a future completed with this child once it has exited (before it is
	 * reaped). Each call returns a new future, for this caller alone: cancelling,
	 * completing or timing it out changes nothing for other callers or the launcher.
	 * Stages added before the exit run on the launcher's callback threads
	 * ({@code childproc-callbacks}), never on the thread that watches exits; a stage that
	 * is slow or throws affects neither the launcher nor other children.
	 * @return the exit future
	 */
	CompletableFuture<ChildProcess> onExit();

	/**
	 * Ends this child and its descendants: SIGTERM to all, wait up to {@code grace}, then
	 * SIGKILL what is left. Each process is signalled only while it is still the same
	 * process (its start time is checked), so a reused pid is never hit. Calling it on a
	 * child that already exited does nothing and returns {@code true}.
	 * @param grace how long to wait after SIGTERM before SIGKILL: zero (kills at once) to
	 * 365 days; checked before anything is signalled
	 * @return {@code true} once the child has ended
	 * @throws InvalidSettingException when {@code grace} is null, negative or longer than
	 * 365 days
	 */
	boolean terminate(Duration grace);

}
