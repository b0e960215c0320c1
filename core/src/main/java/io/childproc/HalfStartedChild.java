package io.childproc;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.internal.tree.ProcessTreeTerminator;

/**
 * Ends a child that the JDK spawned but could not start a thread to wait for (a process
 * or thread limit was reached): nobody would ever wait for it. It is found by its marks
 * among the JVM's children and killed; when no JDK thread waits for its pid, it is reaped
 * here too, or it would stay a zombie until the JVM exits, holding a slot of the very
 * limit that was reached.
 */
final class HalfStartedChild {

	private static final System.Logger logger = System.getLogger(HalfStartedChild.class.getName());

	private final Supplier<List<MarkedProcess>> marked;

	private final ProcessTreeTerminator terminator;

	private final ReapingCalls natives;

	/**
	 * Creates the rescue. The native calls are loaded now, while threads can still be
	 * created (JNA starts one): they are needed when a start hits a thread limit.
	 */
	HalfStartedChild(Supplier<List<MarkedProcess>> marked, ProcessTreeTerminator terminator) {
		this.marked = marked;
		this.terminator = terminator;
		this.natives = LoadedCalls.SYSTEM;
	}

	/**
	 * Whether an error is the JVM's failure to create a thread, as opposed to a heap that
	 * ran out.
	 */
	static boolean isThreadLimit(OutOfMemoryError error) {
		String message = error.getMessage();
		return message != null && message.contains("native thread");
	}

	/**
	 * Kills the JVM's child that carries the given child mark, and reaps it when
	 * {@code reapable} (no JDK thread waits for it).
	 * @return whether it was killed
	 */
	boolean rescue(String mark, boolean reapable) {
		long jvm = ProcessHandle.current().pid();
		boolean killed = false;
		try {
			for (MarkedProcess marked : this.marked.get()) {
				ProcessInfo process = marked.process();
				if (process.ppid() != jvm || !mark.equals(marked.mark())) {
					continue;
				}
				// A zombie already (the child exited at once) holds its pid until reaped:
				// only reaping is left.
				boolean zombie = process.state().hasEnded();
				Optional<ProcessHandle> handle = zombie ? Optional.empty() : this.terminator.handleOf(process);
				if (handle.isPresent()) {
					killed |= handle.get().destroyForcibly();
				}
				if (reapable && (zombie || handle.isPresent())) {
					reap(process.pid());
				}
			}
		}
		catch (RuntimeException ex) {
			// Nothing more can be done here; the start failure is reported either way.
		}
		return killed;
	}

	/**
	 * Reaps one killed child that no JDK thread waits for ({@code waitpid(pid, WNOHANG)}
	 * until it is reaped or a second has passed). Never waits for any other pid.
	 */
	private void reap(long pid) {
		ReapingCalls natives = this.natives;
		if (!natives.available()) {
			logger.log(Level.WARNING, () -> "The child " + pid + " that no thread waits for was killed but stays a "
					+ "zombie until the JVM exits: " + natives.unavailableReason());
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (!natives.reap(pid)) {
			if (System.nanoTime() - deadline > 0 || !Files.exists(Path.of("/proc", Long.toString(pid)))) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/** Loads the native calls once, with the first launcher. */
	private static final class LoadedCalls {

		static final ReapingCalls SYSTEM = Natives.reapingCalls();

	}

}
