package io.childproc;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@link Process} that {@link ChildProcess#process()} returns: the JDK's, through
 * which the launcher learns of the exit the moment the application does. Every method is
 * the JDK's; those that observe an exit ({@link #waitFor()}, {@link #exitValue()},
 * {@link #isAlive()}, {@link #onExit()}) also record it, by the path the exit watcher
 * takes, before they return: once {@code waitFor()} has returned, the child's
 * {@code exitCode()} is there and it no longer counts as live.
 */
final class TrackedProcess extends Process {

	private final Process process;

	private final Runnable exitSeen;

	/**
	 * @param process the JDK's process
	 * @param exitSeen records the exit; cheap when it was already recorded
	 */
	TrackedProcess(Process process, Runnable exitSeen) {
		this.process = process;
		this.exitSeen = exitSeen;
	}

	@Override
	public OutputStream getOutputStream() {
		return this.process.getOutputStream();
	}

	@Override
	public InputStream getInputStream() {
		return this.process.getInputStream();
	}

	@Override
	public InputStream getErrorStream() {
		return this.process.getErrorStream();
	}

	@Override
	public int waitFor() throws InterruptedException {
		int code = this.process.waitFor();
		this.exitSeen.run();
		return code;
	}

	@Override
	public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
		boolean exited = this.process.waitFor(timeout, unit);
		if (exited) {
			this.exitSeen.run();
		}
		return exited;
	}

	@Override
	public int exitValue() {
		int code = this.process.exitValue();
		this.exitSeen.run();
		return code;
	}

	@Override
	public boolean isAlive() {
		boolean alive = this.process.isAlive();
		if (!alive) {
			this.exitSeen.run();
		}
		return alive;
	}

	@Override
	public CompletableFuture<Process> onExit() {
		return this.process.onExit().thenApply((exited) -> {
			this.exitSeen.run();
			return this;
		});
	}

	@Override
	public void destroy() {
		this.process.destroy();
	}

	@Override
	public Process destroyForcibly() {
		this.process.destroyForcibly();
		return this;
	}

	@Override
	public boolean supportsNormalTermination() {
		return this.process.supportsNormalTermination();
	}

	@Override
	public long pid() {
		return this.process.pid();
	}

	@Override
	public ProcessHandle toHandle() {
		return this.process.toHandle();
	}

	@Override
	public ProcessHandle.Info info() {
		return this.process.info();
	}

	@Override
	public Stream<ProcessHandle> children() {
		return this.process.children();
	}

	@Override
	public Stream<ProcessHandle> descendants() {
		return this.process.descendants();
	}

	@Override
	public String toString() {
		return this.process.toString();
	}

	/**
	 * Reads the exit code of a process whose exit was seen: at once, or, should the JDK
	 * not have collected the status yet, once it has.
	 * @param process the JDK's process
	 * @return its exit code
	 */
	static int exitCodeOnceRecorded(Process process) {
		try {
			return process.exitValue();
		}
		catch (IllegalThreadStateException ex) {
			boolean interrupted = Thread.interrupted();
			try {
				while (true) {
					try {
						return process.waitFor();
					}
					catch (InterruptedException again) {
						interrupted = true;
					}
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

}
