package io.childproc.internal.output;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written, in a ring that grows on demand up to its
 * capacity (a quiet child costs a few hundred bytes, never the whole capacity), and the
 * count of every byte written. Thread-safe.
 */
public final class ByteTail {

	private static final int INITIAL = 256;

	private final int capacity;

	private byte[] ring;

	private int start;

	private int size;

	private long total;

	/**
	 * Creates an empty tail.
	 * @param capacity how many bytes to keep, more than zero
	 */
	public ByteTail(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be more than 0, was " + capacity);
		}
		this.capacity = capacity;
		this.ring = new byte[Math.min(capacity, INITIAL)];
	}

	/**
	 * Keeps the given bytes, dropping the oldest beyond the capacity.
	 * @param bytes the buffer
	 * @param offset where the bytes begin
	 * @param length how many
	 */
	public synchronized void write(byte[] bytes, int offset, int length) {
		this.total += length;
		if (length >= this.capacity) {
			grow(this.capacity);
			System.arraycopy(bytes, offset + length - this.capacity, this.ring, 0, this.capacity);
			this.start = 0;
			this.size = this.capacity;
			return;
		}
		if (this.size + length > this.ring.length && this.ring.length < this.capacity) {
			grow(Math.min(this.capacity, Math.max(this.ring.length * 2, this.size + length)));
		}
		int length0 = this.ring.length;
		int end = (this.start + this.size) % length0;
		int first = Math.min(length, length0 - end);
		System.arraycopy(bytes, offset, this.ring, end, first);
		System.arraycopy(bytes, offset + first, this.ring, 0, length - first);
		int overflow = this.size + length - length0;
		if (overflow > 0) {
			this.start = (this.start + overflow) % length0;
			this.size = length0;
		}
		else {
			this.size += length;
		}
	}

	private void grow(int newLength) {
		if (newLength <= this.ring.length) {
			return;
		}
		byte[] grown = new byte[newLength];
		copyTo(grown);
		this.ring = grown;
		this.start = 0;
	}

	private void copyTo(byte[] target) {
		int first = Math.min(this.size, this.ring.length - this.start);
		System.arraycopy(this.ring, this.start, target, 0, first);
		System.arraycopy(this.ring, 0, target, first, this.size - first);
	}

	/**
	 * Returns a copy of the bytes kept, oldest first.
	 * @return the bytes
	 */
	public synchronized byte[] bytes() {
		byte[] copy = new byte[this.size];
		copyTo(copy);
		return copy;
	}

	/**
	 * Returns how many bytes were written in all.
	 * @return the count
	 */
	public synchronized long total() {
		return this.total;
	}

	/**
	 * Returns whether bytes were dropped.
	 * @return {@code true} when more was written than kept
	 */
	public synchronized boolean truncated() {
		return this.total > this.size;
	}

	/**
	 * Returns the bytes kept as UTF-8 text; malformed bytes become U+FFFD, and when the
	 * oldest were dropped, the broken character they may have cut is left out.
	 * @return the text
	 */
	public String text() {
		Kept kept = kept();
		return decode(kept.bytes(), kept.truncated() ? continuationBytes(kept.bytes(), 0) : 0);
	}

	/**
	 * Returns the last whole lines kept as UTF-8 text, without the line cut short by the
	 * capacity (unless it is the only one) and without the final line break.
	 * @return the lines, or an empty string
	 */
	public String lastLines() {
		Kept kept = kept();
		byte[] bytes = kept.bytes();
		int from = 0;
		if (kept.truncated()) {
			int newline = indexOf(bytes, (byte) '\n', 0);
			from = (newline >= 0 && newline < bytes.length - 1) ? newline + 1 : continuationBytes(bytes, 0);
		}
		int to = bytes.length;
		while (to > from && (bytes[to - 1] == '\n' || bytes[to - 1] == '\r')) {
			to--;
		}
		return new String(bytes, from, to - from, StandardCharsets.UTF_8);
	}

	/**
	 * Returns the bytes kept and whether bytes were dropped, read together.
	 */
	private synchronized Kept kept() {
		return new Kept(bytes(), truncated());
	}

	private static String decode(byte[] bytes, int from) {
		return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
	}

	private static int continuationBytes(byte[] bytes, int from) {
		int at = from;
		while (at < bytes.length && at - from < 3 && (bytes[at] & 0xC0) == 0x80) {
			at++;
		}
		return at;
	}

	private static int indexOf(byte[] bytes, byte value, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The bytes kept, and whether older ones were dropped.
	 */
	private record Kept(byte[] bytes, boolean truncated) {

	}

}
