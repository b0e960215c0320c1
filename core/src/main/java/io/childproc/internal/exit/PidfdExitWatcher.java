package io.childproc.internal.exit;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.childproc.internal.natives.PidfdCalls.CallFailedException;
import io.childproc.internal.natives.PidfdCalls;

/**
 * The {@code pidfd} {@link ExitWatcher}: one daemon thread waits in {@code epoll} on the
 * pidfd of every watched child ({@code pidfd_open}, Linux 5.3 and later). A pidfd becomes
 * readable when its process exits; the thread then waits, without blocking, until the
 * JDK's reaper (which alone calls {@code waitpid} for the JDK's children) has recorded
 * the exit value in the {@link Process}, reports the exit and closes the pidfd. No thread
 * is started per exit, and signals sent through {@link Watch#signal(int)} go through the
 * pidfd, so they can never reach a process that reused the child's pid.
 * <p>
 * Built by {@link ExitWatchers#select}; never calls {@code waitpid}, never runs code of
 * the application's.
 */
public final class PidfdExitWatcher implements ExitWatcher {

	private static final System.Logger logger = System.getLogger(PidfdExitWatcher.class.getName());

	/**
	 * How long the thread spins (yielding) for the JDK's reaper to record an exit value
	 * after a pidfd said the child exited, before it looks again once a millisecond.
	 */
	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private static final int RECHECK_MILLIS = 1;

	private final PidfdCalls calls;

	private final int epfd;

	private final int wakeFd;

	private final Map<Integer, PidfdWatch> watches = new ConcurrentHashMap<>();

	/**
	 * Children whose pid the JDK reaped before it could be opened: looked at by the
	 * thread.
	 */
	private final Queue<PidfdWatch> handedOver = new ConcurrentLinkedQueue<>();

	private final AtomicLong signalsSent = new AtomicLong();

	private final AtomicBoolean fallbackLogged = new AtomicBoolean();

	private final Thread thread;

	private volatile boolean closed;

	/** Set when the thread has stopped, after {@link #close()} or a failure. */
	private volatile boolean stopped;

	/**
	 * Guards the use of the epoll descriptor and the eventfd against their closing: once
	 * closed, their numbers may name another file.
	 */
	private final Object descriptors = new Object();

	/**
	 * Whether the epoll descriptor and the eventfd are closed; guarded by descriptors.
	 */
	private boolean descriptorsClosed;

	PidfdExitWatcher(PidfdCalls calls) {
		this.calls = calls;
		this.epfd = calls.epollCreate();
		int wake = -1;
		try {
			wake = calls.eventfd();
			calls.epollAdd(this.epfd, wake, PidfdCalls.EPOLLIN);
		}
		catch (RuntimeException ex) {
			if (wake >= 0) {
				calls.close(wake);
			}
			calls.close(this.epfd);
			throw ex;
		}
		this.wakeFd = wake;
		this.thread = new Thread(this::run, "childproc-pidfd-exit-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public String name() {
		return "pidfd";
	}

	@Override
	public Watch watch(Process process, Runnable exited) {
		if (this.closed) {
			throw new IllegalStateException(
					"This pidfd exit watcher is closed: start children through an open launcher");
		}
		if (this.stopped) {
			return watchThroughJdk(process, exited, null);
		}
		int pidfd;
		try {
			pidfd = this.calls.pidfdOpen(process.pid());
		}
		catch (CallFailedException ex) {
			if (ex.errno() == PidfdCalls.ESRCH) {
				// The JDK has reaped it already: only its exit value is left to wait for.
				PidfdWatch watch = new PidfdWatch(process, exited, -1);
				this.handedOver.add(watch);
				if (!wake()) {
					return watchThroughJdk(process, exited, null);
				}
				return watch;
			}
			return watchThroughJdk(process, exited, ex);
		}
		PidfdWatch watch = new PidfdWatch(process, exited, pidfd);
		if (!process.isAlive()) {
			// Reaped before pidfd_open: the pid may name another process by now.
			watch.release();
			watch.report();
			return watch;
		}
		this.watches.put(pidfd, watch);
		try {
			synchronized (this.descriptors) {
				if (this.descriptorsClosed) {
					throw new CallFailedException("epoll_ctl after the watcher stopped", PidfdCalls.EBADF);
				}
				this.calls.epollAdd(this.epfd, pidfd, PidfdCalls.EPOLLIN | PidfdCalls.EPOLLONESHOT);
			}
		}
		catch (CallFailedException ex) {
			this.watches.remove(pidfd);
			watch.release();
			return watchThroughJdk(process, exited, ex);
		}
		if (this.stopped && this.watches.remove(pidfd) != null) {
			// The thread stopped meanwhile and will not see this pidfd.
			watch.release();
			if (!this.closed) {
				return watchThroughJdk(process, exited, null);
			}
		}
		return watch;
	}

	/**
	 * Counts the signals sent through a pidfd so far.
	 * @return how many signals {@link Watch#signal(int)} sent through a pidfd
	 */
	public long signalsSent() {
		return this.signalsSent.get();
	}

	/**
	 * Counts the children watched through an open pidfd now.
	 * @return how many pidfds are open
	 */
	public int watching() {
		return this.watches.size();
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		wake();
		if (Thread.currentThread() != this.thread) {
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public String toString() {
		return "PidfdExitWatcher[watching " + this.watches.size() + "]";
	}

	/**
	 * Wakes the thread up.
	 * @return whether it could be woken (it has not stopped)
	 */
	private boolean wake() {
		synchronized (this.descriptors) {
			if (this.descriptorsClosed) {
				return false;
			}
			this.calls.eventfdSignal(this.wakeFd);
			return true;
		}
	}

	private Watch watchThroughJdk(Process process, Runnable exited, CallFailedException cause) {
		if (cause != null && this.fallbackLogged.compareAndSet(false, true)) {
			logger.log(Level.WARNING,
					"Could not watch child " + process.pid() + " through a pidfd (" + cause.getMessage()
							+ "); it and any other such child are watched through Process.onExit() instead");
		}
		PidfdWatch watch = new PidfdWatch(process, exited, -1);
		process.onExit().whenComplete((ignored, failure) -> watch.report());
		return watch;
	}

	private void run() {
		int[] ready = new int[64];
		List<PidfdWatch> exiting = new ArrayList<>();
		try {
			while (!this.closed) {
				int count;
				try {
					count = this.calls.epollWait(this.epfd, ready, exiting.isEmpty() ? -1 : RECHECK_MILLIS);
				}
				catch (CallFailedException ex) {
					if (ex.errno() == PidfdCalls.EINTR) {
						continue;
					}
					throw ex;
				}
				for (int i = 0; i < count; i++) {
					if (ready[i] == this.wakeFd) {
						this.calls.eventfdDrain(this.wakeFd);
						continue;
					}
					PidfdWatch watch = this.watches.get(ready[i]);
					if (watch != null) {
						exiting.add(watch);
					}
				}
				for (PidfdWatch watch; (watch = this.handedOver.poll()) != null;) {
					exiting.add(watch);
				}
				reportRecorded(exiting);
			}
		}
		catch (RuntimeException | Error ex) {
			this.stopped = true;
			logger.log(Level.ERROR, "The pidfd exit watcher stopped (" + ex + "); the children it watched are "
					+ "watched through Process.onExit() from now on", ex);
			this.watches.values().forEach(exiting::add);
			this.handedOver.forEach(exiting::add);
			for (PidfdWatch watch : exiting) {
				watch.process.onExit().whenComplete((ignored, failure) -> watch.report());
			}
		}
		finally {
			this.stopped = true;
			this.watches.values().forEach(PidfdWatch::release);
			this.watches.clear();
			synchronized (this.descriptors) {
				this.descriptorsClosed = true;
				this.calls.close(this.wakeFd);
				this.calls.close(this.epfd);
			}
		}
	}

	/**
	 * Reports each child whose exit value the JDK has recorded; spins briefly first,
	 * since the JDK's reaper wakes at the same moment as this thread.
	 */
	private void reportRecorded(List<PidfdWatch> exiting) {
		long spinUntil = System.nanoTime() + SPIN_NANOS;
		while (!exiting.isEmpty()) {
			exiting.removeIf(PidfdWatch::reportIfRecorded);
			if (exiting.isEmpty() || System.nanoTime() - spinUntil > 0) {
				return;
			}
			Thread.yield();
		}
	}

	/**
	 * One watched child, with its pidfd while it is open.
	 */
	private final class PidfdWatch implements Watch {

		private final Process process;

		private final Runnable exited;

		private final int registeredFd;

		private final AtomicBoolean reported = new AtomicBoolean();

		/**
		 * The open pidfd, or -1: guarded by this, so that no signal goes to a reused fd.
		 */
		private int pidfd;

		PidfdWatch(Process process, Runnable exited, int pidfd) {
			this.process = process;
			this.exited = exited;
			this.registeredFd = pidfd;
			this.pidfd = pidfd;
		}

		@Override
		public synchronized boolean signal(int signal) {
			if (this.pidfd < 0) {
				return false;
			}
			try {
				PidfdExitWatcher.this.calls.pidfdSendSignal(this.pidfd, signal);
			}
			catch (CallFailedException ex) {
				// ESRCH: the child has exited and been reaped.
				return false;
			}
			PidfdExitWatcher.this.signalsSent.incrementAndGet();
			return true;
		}

		boolean reportIfRecorded() {
			if (this.process.isAlive()) {
				return false;
			}
			if (this.registeredFd >= 0) {
				PidfdExitWatcher.this.watches.remove(this.registeredFd);
			}
			release();
			report();
			return true;
		}

		void report() {
			if (PidfdExitWatcher.this.closed || !this.reported.compareAndSet(false, true)) {
				return;
			}
			try {
				this.exited.run();
			}
			catch (RuntimeException | Error ex) {
				logger.log(Level.WARNING, "Recording the exit of child " + this.process.pid() + " failed", ex);
			}
		}

		synchronized void release() {
			if (this.pidfd >= 0) {
				PidfdExitWatcher.this.calls.close(this.pidfd);
				this.pidfd = -1;
			}
		}

		@Override
		public String toString() {
			return "PidfdWatch[pid " + this.process.pid() + ", pidfd " + this.pidfd + "]";
		}

	}

}
