package io.childproc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A child as its {@link DefaultProcessLauncher} tracks it. State changes happen under the
 * launcher's lock; the fields are volatile so that readers outside the lock see them.
 */
final class TrackedChild implements ChildProcess {

	private final DefaultProcessLauncher launcher;

	private final Process process;

	private final long pid;

	private final String name;

	private final List<String> command;

	private final Duration timeout;

	private final Instant startedAt;

	private final String mark;

	private final CompletableFuture<ChildProcess> exitFuture = new CompletableFuture<>();

	volatile ChildState state = ChildState.RUNNING;

	volatile int exitCode;

	volatile Instant exitedAt;

	volatile long exitedNanos;

	volatile boolean timedOut;

	volatile Future<?> timeoutTask;

	TrackedChild(DefaultProcessLauncher launcher, Process process, String name, List<String> command, Duration timeout,
			Instant startedAt, String mark) {
		this.launcher = launcher;
		this.process = process;
		this.pid = process.pid();
		this.name = name;
		this.command = command;
		this.timeout = timeout;
		this.startedAt = startedAt;
		this.mark = mark;
	}

	/**
	 * Returns the value of {@value DefaultProcessLauncher#CHILD_VARIABLE} this child was
	 * started with.
	 */
	String mark() {
		return this.mark;
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

	@Override
	public ChildState state() {
		return this.state;
	}

	@Override
	public OptionalInt exitCode() {
		return (this.state != ChildState.RUNNING) ? OptionalInt.of(this.exitCode) : OptionalInt.empty();
	}

	@Override
	public Optional<Outcome> outcome() {
		return (this.state != ChildState.RUNNING) ? Optional.of(Outcome.of(this.exitCode, this.timedOut))
				: Optional.empty();
	}

	@Override
	public Instant exitedAt() {
		return this.exitedAt;
	}

	@Override
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public Process process() {
		return this.process;
	}

	@Override
	public CompletableFuture<ChildProcess> onExit() {
		return this.exitFuture;
	}

	CompletableFuture<ChildProcess> exitFuture() {
		return this.exitFuture;
	}

	@Override
	public boolean terminate(Duration grace) {
		return this.launcher.terminate(this, grace);
	}

	ExitRecord toRecord(Instant reapedAt) {
		return new ExitRecord(this.pid, this.name, this.command, this.exitCode,
				Outcome.of(this.exitCode, this.timedOut), this.startedAt, this.exitedAt, reapedAt);
	}

	@Override
	public String toString() {
		// No command line: its arguments can hold secrets.
		return "ChildProcess[pid=" + this.pid + ", name=" + this.name + ", state=" + this.state + "]";
	}

}
