package io.childproc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Starts child processes and tracks each of them until it has exited and been reaped.
 * <p>
 * Every {@code start} first reaps the tracked children that have exited (the pattern of
 * Python's {@code multiprocessing}), then starts the new child. Implementations are
 * thread-safe.
 */
public interface ProcessLauncher {

	/**
	 * Starts a child named after its program's file name ({@code sleep} for
	 * {@code /bin/sleep}).
	 * @param builder what to start
	 * @return the tracked child
	 * @throws IOException when the child cannot be started; the message names the program
	 * and what was wrong
	 */
	ChildProcess start(ProcessBuilder builder) throws IOException;

	/**
	 * Starts a child under a short, low-cardinality name such as
	 * {@code ffmpeg-transcode}.
	 * @param name the name used in metrics tags and the endpoint
	 * @param builder what to start
	 * @return the tracked child
	 * @throws IOException when the child cannot be started
	 */
	ChildProcess start(String name, ProcessBuilder builder) throws IOException;

	/**
	 * Starts a child with the given options (name, timeout).
	 * @param builder what to start
	 * @param options how to start and watch it, or {@code null} for the defaults
	 * @return the tracked child
	 * @throws IOException when the child cannot be started
	 */
	ChildProcess start(ProcessBuilder builder, @Nullable StartOptions options) throws IOException;

	/**
	 * Starts the given command, named after its program's file name.
	 * @param command the program and its arguments
	 * @return the tracked child
	 * @throws IOException when the child cannot be started
	 */
	ChildProcess start(String... command) throws IOException;

	/**
	 * Reaps every tracked child that has exited, now.
	 * @return how many children were reaped
	 */
	int reap();

	/**
	 * Returns the tracked children that are not yet reaped, running and exited, oldest
	 * first.
	 * @return a snapshot of the tracked children
	 */
	List<ChildProcess> children();

	/**
	 * Returns the tracked, not yet reaped, child with the given pid.
	 * @param pid the process id
	 * @return the child, or empty when this launcher tracks no such child
	 */
	Optional<ChildProcess> child(long pid);

	/**
	 * Returns a consistent snapshot of the counts; O(1).
	 * @return the counts
	 */
	ChildCounts counts();

	/**
	 * Returns how long the oldest unreaped child has waited since it exited; O(1).
	 * @return the wait, {@link Duration#ZERO} when no child is unreaped
	 */
	Duration oldestUnreapedAge();

	/**
	 * Returns the records of the most recently reaped children, newest first.
	 * @return at most the configured history size of records
	 */
	List<ExitRecord> recentExits();

	/**
	 * Registers a listener for the life of each child. A listener that throws is logged
	 * and never stops the launcher or other listeners.
	 * @param listener the listener
	 */
	void addListener(ChildProcessListener listener);

	/**
	 * Removes a listener added before.
	 * @param listener the listener
	 */
	void removeListener(ChildProcessListener listener);

}
