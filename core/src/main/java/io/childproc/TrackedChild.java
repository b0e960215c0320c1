package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.childproc.internal.exit.ExitWatcher.Watch;
import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.linux.Mark;
import org.jspecify.annotations.Nullable;

/**
 * A child as its launcher tracks it. It owns its state: every change goes through one of
 * its methods, each of which says whether it changed anything. The launcher's
 * {@link ChildRegistry} makes those calls under its lock, so that the counts and the
 * states agree; the fields are volatile so that readers outside the lock see them.
 */
final class TrackedChild implements ChildProcess {

	private static final Watch NOT_WATCHED = (signal) -> false;

	/** How long a caller that saw the exit waits for another thread's exit path. */
	private static final long PATH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Ending ending;

	private final Consumer<TrackedChild> exitPath;

	private final Process process;

	private final TrackedProcess trackedProcess;

	private final ChildEvents events = new ChildEvents();

	private final long pid;

	private final String name;

	private final List<String> command;

	private final @Nullable Duration timeout;

	private final Instant startedAt;

	private final String mark;

	private final Executor callbacks;

	private final OutputDrain output;

	/** The launcher's own future: no stage of the application's is ever added to it. */
	private final CompletableFuture<ChildProcess> exit = new CompletableFuture<>();

	private volatile ChildState state = ChildState.RUNNING;

	private volatile int exitCode;

	private volatile @Nullable Instant exitedAt;

	private volatile long exitedNanos;

	private volatile boolean timedOut;

	private volatile @Nullable Future<?> timeoutTask;

	private volatile Watch watch = NOT_WATCHED;

	/**
	 * @param ending ends the child's tree
	 * @param exitPath records the exit by the launcher's one exit path ({@link ExitPath})
	 * @param output drains the child's output, or does nothing for {@code pipe()}
	 */
	TrackedChild(Ending ending, Consumer<TrackedChild> exitPath, Process process, String name, List<String> command,
			@Nullable Duration timeout, String mark, Executor callbacks, OutputDrain output) {
		this.ending = ending;
		this.exitPath = exitPath;
		this.process = process;
		this.trackedProcess = new TrackedProcess(process, this::exitSeen);
		this.pid = process.pid();
		this.name = name;
		this.command = command;
		this.timeout = timeout;
		this.startedAt = Instant.now();
		this.mark = mark;
		this.callbacks = callbacks;
		this.output = output;
	}

	/**
	 * Returns the value of {@value Mark#CHILD_VARIABLE} this child was started with.
	 */
	String mark() {
		return this.mark;
	}

	/**
	 * Returns the JDK's own process, for the launcher's machinery (the exit watcher, the
	 * terminator): asking it records nothing.
	 */
	Process jdkProcess() {
		return this.process;
	}

	/**
	 * Returns this child's listener events, in order.
	 */
	ChildEvents events() {
		return this.events;
	}

	/**
	 * Returns the state as recorded, without asking the JDK: for the registry, under its
	 * lock.
	 */
	ChildState recordedState() {
		return this.state;
	}

	/**
	 * Records the exit, by the launcher's one exit path, when the JDK has seen it but the
	 * launcher has not yet, and returns once the path is done (reaped under
	 * {@code reapOnExit}, {@code onExit()} completed), even when another thread (the
	 * watcher) took it there: that thread runs no code of the application's on the way,
	 * so the wait is short. A volatile read when it was already done.
	 */
	void exitSeen() {
		if (this.state == ChildState.RUNNING) {
			this.exitPath.accept(this);
		}
		if (!this.exit.isDone()) {
			try {
				awaitExit(PATH_WAIT_NANOS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Returns the handle through which the {@link ExitWatcher} watches this child; its
	 * {@link Watch#signal(int)} reaches the child itself where the watcher holds a handle
	 * that cannot name another process (a pidfd), and returns {@code false} otherwise.
	 */
	Watch watch() {
		return this.watch;
	}

	void watchedBy(Watch watch) {
		this.watch = watch;
	}

	/**
	 * Records the exit: RUNNING becomes EXITED.
	 * @return whether the state changed (false when the exit was already recorded)
	 */
	boolean markExited(int code, Instant at, long nanos) {
		if (this.state != ChildState.RUNNING) {
			return false;
		}
		this.exitCode = code;
		this.exitedAt = at;
		this.exitedNanos = nanos;
		this.state = ChildState.EXITED;
		return true;
	}

	/**
	 * Records the reap: EXITED becomes REAPED.
	 * @return whether the state changed
	 */
	boolean markReaped() {
		if (this.state != ChildState.EXITED) {
			return false;
		}
		this.state = ChildState.REAPED;
		return true;
	}

	/**
	 * Records that the child ran past its timeout, while it still runs.
	 * @return whether it still ran (and is now to be ended)
	 */
	boolean markTimedOut() {
		if (this.state != ChildState.RUNNING) {
			return false;
		}
		this.timedOut = true;
		return true;
	}

	/**
	 * Keeps the task that ends this child when its timeout passes. When the child has
	 * already exited, the task is cancelled at once.
	 */
	void timeoutScheduled(Future<?> task) {
		this.timeoutTask = task;
		if (this.state != ChildState.RUNNING) {
			cancelTimeout();
		}
	}

	void cancelTimeout() {
		Future<?> task = this.timeoutTask;
		if (task != null) {
			task.cancel(false);
			this.timeoutTask = null;
		}
	}

	/**
	 * Drains what the child's pipes still hold, once its exit is recorded and before the
	 * waiters and listeners hear of it: the output hook of the exit path.
	 */
	void drainOutputAtExit() {
		this.output.drainAtExit();
	}

	/**
	 * Completes the launcher's own exit future, to which only copies are attached.
	 */
	void completeExit() {
		this.exit.complete(this);
	}

	/**
	 * Waits until the exit was seen.
	 * @return whether it was seen within the time
	 */
	boolean awaitExit(long nanos) throws InterruptedException {
		try {
			this.exit.get(nanos, TimeUnit.NANOSECONDS);
			return true;
		}
		catch (ExecutionException | TimeoutException ex) {
			return this.exit.isDone();
		}
	}

	/**
	 * Reads the exit code of a child whose exit was seen; see
	 * {@link TrackedProcess#exitCodeOnceRecorded(Process)}.
	 */
	int readExitCode() {
		return TrackedProcess.exitCodeOnceRecorded(this.process);
	}

	long exitedNanos() {
		return this.exitedNanos;
	}

	@Override
	public long pid() {
		return this.pid;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public List<String> command() {
		return this.command;
	}

	@Override
	public Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * Whether the caller reads this child's standard output and error itself
	 * ({@code ChildOutput.pipe()}): the launcher neither drains nor discards them.
	 */
	boolean outputReadByCaller() {
		return this.output.readByCaller();
	}

	/**
	 * Returns the state; while it is recorded RUNNING, the JDK is asked (a volatile
	 * read), and an exit it knows of is recorded first, so that the launcher never lags
	 * the JDK.
	 */
	@Override
	public ChildState state() {
		if (this.state == ChildState.RUNNING && !this.process.isAlive()) {
			this.exitPath.accept(this);
		}
		return this.state;
	}

	@Override
	public OptionalInt exitCode() {
		return (state() != ChildState.RUNNING) ? OptionalInt.of(this.exitCode) : OptionalInt.empty();
	}

	@Override
	public Optional<Outcome> outcome() {
		return (state() != ChildState.RUNNING) ? Optional.of(Outcome.of(this.exitCode, this.timedOut))
				: Optional.empty();
	}

	@Override
	public @Nullable Instant exitedAt() {
		state();
		return this.exitedAt;
	}

	@Override
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	@Override
	public CapturedOutput output() {
		return this.output.captured();
	}

	@Override
	public String stderrTail() {
		return this.output.failureTail();
	}

	/**
	 * Returns the process through which the launcher learns of the exit the moment the
	 * application does ({@link TrackedProcess}).
	 */
	@Override
	public Process process() {
		return this.trackedProcess;
	}

	/**
	 * Returns a new future for this caller alone, completed on the launcher's callback
	 * threads (never on the thread that watches exits), so that a slow stage holds up
	 * neither the launcher nor other children, and what one caller does to its future
	 * (cancel, complete, orTimeout) changes nothing for others.
	 */
	@Override
	public CompletableFuture<ChildProcess> onExit() {
		if (state() != ChildState.RUNNING && this.exit.isDone()) {
			return CompletableFuture.completedFuture(this);
		}
		CompletableFuture<ChildProcess> copy = new CompletableFuture<>();
		this.exit.whenCompleteAsync((child, failure) -> copy.complete(child), this.callbacks);
		return copy;
	}

	@Override
	public boolean terminate(Duration grace) {
		return this.ending.terminate(this, grace);
	}

	ExitRecord toRecord(Instant reapedAt) {
		Instant exited = this.exitedAt;
		Outcome outcome = Outcome.of(this.exitCode, this.timedOut);
		return new ExitRecord(this.pid, this.name, this.command, this.exitCode, outcome, this.startedAt,
				(exited != null) ? exited : reapedAt, reapedAt,
				(outcome != Outcome.SUCCESS) ? this.output.failureTail() : "");
	}

	@Override
	public String toString() {
		// No command line: its arguments can hold secrets.
		return "ChildProcess[pid=" + this.pid + ", name=" + this.name + ", state=" + this.state + "]";
	}

	/**
	 * How a child is ended: its launcher's whole-tree termination, given to the child so
	 * that {@link #terminate(Duration)} needs no reference to the launcher.
	 */
	@FunctionalInterface
	interface Ending {

		/**
		 * Ends the child's process tree; see {@link ChildProcess#terminate(Duration)}.
		 * @param child the child
		 * @param grace how long to wait after SIGTERM before SIGKILL
		 * @return whether the child has ended
		 */
		boolean terminate(TrackedChild child, Duration grace);

	}

}
