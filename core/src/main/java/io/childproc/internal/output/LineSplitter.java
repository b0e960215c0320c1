package io.childproc.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a stream of bytes into lines and hands each, decoded as UTF-8 (malformed bytes
 * become U+FFFD, never an exception), to a sink. A line longer than {@link #MAX_LINE}
 * bytes is handed on cut, marked so, and the rest of it is skipped. A final {@code \r} is
 * dropped. Not thread-safe: its {@link StreamDrain} calls it under its own lock.
 */
public final class LineSplitter {

	/** The longest line handed on whole, in bytes. */
	public static final int MAX_LINE = 8192;

	/** What a cut line ends with. */
	public static final String CUT_MARK = " [line cut: longer than 8 KiB]";

	private final Consumer<String> sink;

	private byte[] line = new byte[256];

	private int length;

	private boolean skipping;

	/**
	 * Creates a splitter.
	 * @param sink what receives each line, without its line break
	 */
	public LineSplitter(Consumer<String> sink) {
		this.sink = sink;
	}

	/**
	 * Takes the next bytes of the stream.
	 * @param bytes the buffer
	 * @param offset where the bytes begin
	 * @param count how many
	 */
	public void write(byte[] bytes, int offset, int count) {
		int end = offset + count;
		int at = offset;
		while (at < end) {
			int newline = at;
			while (newline < end && bytes[newline] != '\n') {
				newline++;
			}
			append(bytes, at, newline - at);
			if (newline < end) {
				endLine();
			}
			at = newline + 1;
		}
	}

	/**
	 * Hands on the last line when the stream ended without a line break.
	 */
	public void flush() {
		if (this.length > 0) {
			emit(false);
		}
		this.skipping = false;
	}

	private void append(byte[] bytes, int offset, int count) {
		if (this.skipping || count == 0) {
			return;
		}
		int room = MAX_LINE - this.length;
		if (count > room) {
			put(bytes, offset, room);
			emit(true);
			this.skipping = true;
			return;
		}
		put(bytes, offset, count);
	}

	private void put(byte[] bytes, int offset, int count) {
		if (this.length + count > this.line.length) {
			byte[] grown = new byte[Math.min(MAX_LINE, Math.max(this.line.length * 2, this.length + count))];
			System.arraycopy(this.line, 0, grown, 0, this.length);
			this.line = grown;
		}
		System.arraycopy(bytes, offset, this.line, this.length, count);
		this.length += count;
	}

	private void endLine() {
		if (this.skipping) {
			this.skipping = false;
			return;
		}
		emit(false);
	}

	private void emit(boolean cut) {
		int end = this.length;
		if (!cut && end > 0 && this.line[end - 1] == '\r') {
			end--;
		}
		String text = new String(this.line, 0, end, StandardCharsets.UTF_8);
		this.length = 0;
		this.sink.accept(cut ? text + CUT_MARK : text);
	}

}
