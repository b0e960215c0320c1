package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's figures from {@code /proc/self/status} (resident memory, threads), and a
 * wait for them to settle before a memory reading.
 */
public final class SelfStatus {

	private SelfStatus() {
	}

	/**
	 * Reads one number from {@code /proc/self/status}.
	 * @param field the field with its colon, e.g. {@code VmRSS:} (KiB) or
	 * {@code Threads:}
	 * @return its value
	 * @throws IOException if the file cannot be read or has no such field
	 */
	public static long field(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
			}
		}
		throw new IOException("No " + field + " in /proc/self/status");
	}

	/**
	 * Waits (at most 30 s) until the thread count has stopped changing for a second
	 * (short-lived exit-handling threads have ended), then runs a full GC.
	 * @throws Exception if the status cannot be read or the wait is interrupted
	 */
	public static void settle() throws Exception {
		long previous = -1;
		long stableSince = System.nanoTime();
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (System.nanoTime() < deadline) {
			long threads = field("Threads:");
			if (threads != previous) {
				previous = threads;
				stableSince = System.nanoTime();
			}
			else if (System.nanoTime() - stableSince > 1_000_000_000L) {
				break;
			}
			Thread.sleep(100);
		}
		System.gc();
		Thread.sleep(200);
	}

}
