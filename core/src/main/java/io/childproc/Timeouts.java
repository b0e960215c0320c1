package io.childproc;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends children that run past their timeout. The scheduler only fires; each termination,
 * which waits out a grace period, runs on a thread of its own, so that children that time
 * out together are ended together and the scheduler's other work (the background reap)
 * keeps its pace.
 */
final class Timeouts {

	private final ScheduledExecutorService scheduler;

	private final ExecutorService terminations;

	private final Consumer<TrackedChild> end;

	/**
	 * @param scheduler fires the timeouts
	 * @param threadName the name of the threads that end timed-out children
	 * @param end ends a timed-out child's tree (waiting out its grace period)
	 */
	Timeouts(ScheduledExecutorService scheduler, String threadName, Consumer<TrackedChild> end) {
		this.scheduler = scheduler;
		this.end = end;
		this.terminations = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
				DaemonThreads.named(threadName));
	}

	/**
	 * Ends the child once its timeout has passed, unless it has exited by then.
	 */
	void schedule(TrackedChild child, Duration timeout) {
		try {
			child.timeoutScheduled(this.scheduler.schedule(() -> fire(child), timeout.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (RejectedExecutionException ex) {
			// Closing: close() ends the child anyway.
		}
	}

	private void fire(TrackedChild child) {
		if (!child.markTimedOut()) {
			return;
		}
		try {
			this.terminations.execute(() -> this.end.accept(child));
		}
		catch (RejectedExecutionException ex) {
			// Closing: close() ends the child anyway.
		}
	}

	/** Stops the terminations under way: each then kills at once (it is interrupted). */
	void close() {
		this.terminations.shutdownNow();
	}

}
