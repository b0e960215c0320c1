package io.childproc.internal.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One stream of one child as the {@link OutputPump} drains it: it reads only what the
 * stream says is {@linkplain InputStream#available() available}, so a read never blocks,
 * and hands the bytes to its line splitter and its tails. Its pace is its own: polled
 * again at once while it talks, backing off (1 ms, doubling, up to
 * {@link #MAX_BACKOFF_NANOS}) while it is quiet; a stream whose last read was large (it
 * fills its pipe) is looked at again after 50 us.
 * <p>
 * Every read holds this object's lock, so the pump and the thread that drains at exit
 * never interleave bytes.
 */
public final class StreamDrain {

	/** The longest a quiet stream waits between two polls. */
	public static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/**
	 * How long after the child's exit a quiet stream is still polled before it is closed.
	 */
	static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** The first wait of a stream that was streaming (its last read was large). */
	private static final long STREAMING_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private static final int STREAMING_READ = 16 * 1024;

	private static final int EXIT_BUFFER = 16 * 1024;

	private final InputStream in;

	private final @Nullable LineSplitter lines;

	private final ByteTail[] tails;

	private volatile long bytes;

	private volatile boolean finished;

	private volatile boolean exited;

	private volatile long exitedNanos;

	// Pump thread only.
	long dueNanos;

	private long backoffNanos;

	private boolean streaming;

	/**
	 * Creates a drain.
	 * @param in the stream, read only by this drain from now on
	 * @param lines where lines go, or {@code null}
	 * @param tails where the bytes are kept
	 */
	public StreamDrain(InputStream in, @Nullable LineSplitter lines, ByteTail... tails) {
		this.in = in;
		this.lines = lines;
		this.tails = tails.clone();
	}

	/**
	 * Returns how many bytes were read from the stream so far.
	 * @return the count
	 */
	public long bytes() {
		return this.bytes;
	}

	/**
	 * Returns whether the stream was closed and the drain is done.
	 * @return {@code true} once finished
	 */
	public boolean finished() {
		return this.finished;
	}

	/**
	 * Polls the stream once, for the pump.
	 * @param buffer the pump's buffer
	 * @param now the pump's clock
	 * @return the bytes read, 0 when none were available, -1 when the drain is finished
	 */
	int poll(byte[] buffer, long now) {
		int read;
		synchronized (this) {
			if (this.finished) {
				return -1;
			}
			read = readAvailable(buffer, buffer.length);
			if (read == 0 && this.exited && now - this.exitedNanos > LINGER_NANOS) {
				finish();
			}
			if (this.finished) {
				return -1;
			}
		}
		if (read > 0) {
			this.streaming = read >= STREAMING_READ;
			this.backoffNanos /= 2;
			if (this.backoffNanos < MIN_BACKOFF_NANOS) {
				this.backoffNanos = 0;
			}
		}
		else {
			// A stream that just filled its pipe is likely to refill it within
			// microseconds: look again soon, not after a millisecond.
			long floor = this.streaming ? STREAMING_BACKOFF_NANOS : MIN_BACKOFF_NANOS;
			this.streaming = false;
			this.backoffNanos = Math.min(MAX_BACKOFF_NANOS, Math.max(floor, this.backoffNanos * 2));
		}
		this.dueNanos = now + this.backoffNanos;
		return read;
	}

	/**
	 * Reads what the pipe holds now that the child has exited, at most what it reported
	 * at the start and one buffer more (a descendant that keeps writing cannot hold the
	 * caller), and hands on the last line even without a line break. The pump goes on
	 * reading what comes later until the stream ends. Safe to call more than once and
	 * from any thread; a second caller returns once the first is done.
	 */
	public void drainAtExit() {
		synchronized (this) {
			if (!this.exited) {
				this.exitedNanos = System.nanoTime();
				this.exited = true;
			}
			if (this.finished) {
				return;
			}
			byte[] buffer = new byte[EXIT_BUFFER];
			long budget = available() + EXIT_BUFFER;
			while (budget > 0) {
				int read = readAvailable(buffer, buffer.length);
				if (read <= 0) {
					break;
				}
				budget -= read;
			}
			if (this.lines != null && !this.finished) {
				this.lines.flush();
			}
		}
	}

	/**
	 * Stops draining: hands on the last line and closes the stream.
	 */
	public synchronized void finish() {
		if (this.finished) {
			return;
		}
		this.finished = true;
		if (this.lines != null) {
			this.lines.flush();
		}
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// Closing a pipe's read end: nothing to do about a failure.
		}
	}

	private int available() {
		try {
			return this.in.available();
		}
		catch (IOException ex) {
			finish();
			return 0;
		}
	}

	private int readAvailable(byte[] buffer, int max) {
		int available = available();
		if (available <= 0 || this.finished) {
			return 0;
		}
		int read;
		try {
			read = this.in.read(buffer, 0, Math.min(available, max));
		}
		catch (IOException ex) {
			finish();
			return 0;
		}
		if (read < 0) {
			finish();
			return 0;
		}
		this.bytes += read;
		for (ByteTail tail : this.tails) {
			tail.write(buffer, 0, read);
		}
		if (this.lines != null) {
			this.lines.write(buffer, 0, read);
		}
		return read;
	}

}
