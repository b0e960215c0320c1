package io.childproc.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects what one {@code java.util.logging} logger logs: registered with
 * {@code @RegisterExtension}, from before each test to after it; or between
 * {@link #start()} and {@link #stop()}.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {

	private final Logger logger;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			CapturedLog.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private CapturedLog(String loggerName) {
		this.logger = Logger.getLogger(loggerName);
	}

	/**
	 * Returns a capture of the logger named after a class.
	 * @param type the class
	 * @return the capture, not started
	 */
	public static CapturedLog of(Class<?> type) {
		return of(type.getName());
	}

	/**
	 * Returns a capture of the logger with the given name.
	 * @param loggerName the name
	 * @return the capture, not started
	 */
	public static CapturedLog of(String loggerName) {
		return new CapturedLog(loggerName);
	}

	/**
	 * Returns what was logged so far, a live view.
	 * @return the records, oldest first
	 */
	public List<LogRecord> records() {
		return this.records;
	}

	/**
	 * Returns what was logged so far, each record as its level, a space and its message.
	 * @return the lines, oldest first
	 */
	public List<String> lines() {
		return this.records.stream().map((record) -> record.getLevel() + " " + record.getMessage()).toList();
	}

	/**
	 * Starts collecting.
	 * @return this capture
	 */
	public CapturedLog start() {
		this.logger.addHandler(this.handler);
		return this;
	}

	/**
	 * Stops collecting.
	 */
	public void stop() {
		this.logger.removeHandler(this.handler);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stop();
	}

}
