package io.childproc.benchmarks.nativelaunch;

import java.util.concurrent.CompletableFuture;

/**
 * A child started by {@link NativeSpawner}: its pid, the pidfd through which it is
 * watched and signalled, the parent's ends of its pipes (or {@code -1}) and its exit
 * value, which {@link PidfdWatcher} sets on the watcher's own thread (no thread per
 * child, no thread per exit). As in {@link Process#exitValue()}, a child killed by a
 * signal exits with {@code 128 + signal}.
 */
final class NativeChild {

	private final int pid;

	private final int stdin;

	private final int stdout;

	private final int stderr;

	private final CompletableFuture<Integer> exit = new CompletableFuture<>();

	/** The pidfd, {@code -1} once the child is reaped: guarded by {@code this}. */
	private int pidfd;

	NativeChild(int pid, int pidfd, int stdin, int stdout, int stderr) {
		this.pid = pid;
		this.pidfd = pidfd;
		this.stdin = stdin;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	int pid() {
		return this.pid;
	}

	synchronized int pidfd() {
		return this.pidfd;
	}

	int stdout() {
		return this.stdout;
	}

	CompletableFuture<Integer> onExit() {
		return this.exit;
	}

	int waitFor() {
		return this.exit.join();
	}

	/**
	 * Sends a signal through the pidfd, so that it can never reach another process that
	 * reused the pid: the pidfd is closed only once the child is reaped, under the same
	 * lock.
	 * @param signal the signal number
	 * @return whether it was sent ({@code false} once the child is reaped)
	 */
	synchronized boolean signal(int signal) {
		if (this.pidfd < 0) {
			return false;
		}
		if (LibC.pidfdSendSignal(this.pidfd, signal) != 0) {
			throw LibC.failure("pidfd_send_signal(" + this.pid + ", " + signal + ")", LibC.errno());
		}
		return true;
	}

	/**
	 * Collects the exit status of this child (which must have exited: its pidfd was
	 * readable) with {@code waitid(P_PIDFD)}, which waits on this one child only, closes
	 * the pidfd and completes {@link #onExit()}.
	 * @param info a {@code siginfo_t} buffer owned by the calling thread
	 */
	void reap(com.sun.jna.Memory info) {
		int exitValue;
		synchronized (this) {
			int rc;
			do {
				rc = LibC.waitid(LibC.P_PIDFD, this.pidfd, info, LibC.WEXITED);
			}
			while (rc != 0 && LibC.errno() == LibC.EINTR);
			if (rc != 0) {
				IllegalStateException failure = LibC.failure("waitid(P_PIDFD) for pid " + this.pid, LibC.errno());
				this.exit.completeExceptionally(failure);
				return;
			}
			int code = info.getInt(LibC.SI_CODE);
			int status = info.getInt(LibC.SI_STATUS);
			exitValue = (code == LibC.CLD_EXITED) ? status : 128 + status;
			LibC.close(this.pidfd);
			this.pidfd = -1;
		}
		this.exit.complete(exitValue);
	}

	/** Closes the parent's ends of the pipes, if any. */
	void closeStreams() {
		for (int fd : new int[] { this.stdin, this.stdout, this.stderr }) {
			if (fd >= 0) {
				LibC.close(fd);
			}
		}
	}

}
