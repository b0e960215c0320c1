package io.childproc.internal.output;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * One thread that drains every registered {@link StreamDrain}: each pass polls the
 * streams that are due, reads only what is available, and sleeps until the next one is
 * due when a pass read nothing. One thread whatever the number of children: no thread per
 * stream, no native access (the JDK hides the pipes' descriptors, so no epoll). The
 * thread ({@code childproc-output}, a daemon) starts with the first stream and ends after
 * {@link #IDLE_EXIT_NANOS} without any.
 */
public final class OutputPump {

	/** How long the thread waits without streams before it ends. */
	static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final System.Logger logger = System.getLogger(OutputPump.class.getName());

	private static final OutputPump SHARED = new OutputPump("childproc-output");

	private final String threadName;

	private final ConcurrentLinkedQueue<StreamDrain> incoming = new ConcurrentLinkedQueue<>();

	private final Object lock = new Object();

	private @Nullable Thread thread;

	private volatile int streams;

	OutputPump(String threadName) {
		this.threadName = threadName;
	}

	/**
	 * Returns the pump all launchers share.
	 * @return the pump
	 */
	public static OutputPump shared() {
		return SHARED;
	}

	/**
	 * Drains the stream from now on, until it ends.
	 * @param drain the stream's drain
	 */
	public void add(StreamDrain drain) {
		this.incoming.add(drain);
		Thread current;
		synchronized (this.lock) {
			current = this.thread;
			if (current == null) {
				current = new Thread(this::run, this.threadName);
				current.setDaemon(true);
				this.thread = current;
				current.start();
			}
		}
		LockSupport.unpark(current);
	}

	/**
	 * Returns how many streams the pump drains, including those not yet picked up.
	 * @return the count
	 */
	public int streams() {
		return this.streams + this.incoming.size();
	}

	private void run() {
		byte[] buffer = new byte[64 * 1024];
		List<StreamDrain> drains = new ArrayList<>();
		long idleSince = System.nanoTime();
		while (true) {
			StreamDrain added;
			while ((added = this.incoming.poll()) != null) {
				drains.add(added);
			}
			long now = System.nanoTime();
			long next = now + StreamDrain.MAX_BACKOFF_NANOS;
			boolean read = false;
			for (int i = drains.size() - 1; i >= 0; i--) {
				StreamDrain drain = drains.get(i);
				if (drain.dueNanos - now > 0) {
					next = earlier(next, drain.dueNanos);
					continue;
				}
				int count = pollSafely(drain, buffer, now);
				if (count < 0) {
					int last = drains.size() - 1;
					drains.set(i, drains.get(last));
					drains.remove(last);
					continue;
				}
				read |= count > 0;
				next = earlier(next, drain.dueNanos);
			}
			this.streams = drains.size();
			if (drains.isEmpty()) {
				if (now - idleSince > IDLE_EXIT_NANOS && stopIfIdle()) {
					return;
				}
			}
			else {
				idleSince = now;
			}
			if (!read) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(this, wait);
				}
			}
		}
	}

	private boolean stopIfIdle() {
		synchronized (this.lock) {
			if (this.incoming.isEmpty()) {
				this.thread = null;
				return true;
			}
			return false;
		}
	}

	private static int pollSafely(StreamDrain drain, byte[] buffer, long now) {
		try {
			return drain.poll(buffer, now);
		}
		catch (RuntimeException ex) {
			// A sink that throws (a logging backend, say) must not stop the other
			// streams.
			logger.log(Level.WARNING, "Draining a child's output failed; that stream is no longer read", ex);
			drain.finish();
			return -1;
		}
	}

	private static long earlier(long a, long b) {
		return (b - a < 0) ? b : a;
	}

}
