package io.childproc;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the launcher's daemon threads, named so that a thread dump says whose they are.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	static ThreadFactory named(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			int number = count.incrementAndGet();
			Thread thread = new Thread(runnable, (number == 1) ? name : name + "-" + number);
			thread.setDaemon(true);
			return thread;
		};
	}

}
