package io.childproc.testsupport;

import java.time.Duration;
import java.util.List;

import io.childproc.DefaultProcessLauncher;

import static org.awaitility.Awaitility.await;

/**
 * Checks that a test left no process behind.
 */
public final class Descendants {

	private Descendants() {
	}

	/**
	 * Closes a launcher, then checks as {@link #assertNoneLeft(Duration)} does: the
	 * ending of a test that starts its children through one launcher.
	 * @param launcher the launcher
	 * @param timeout how long to wait
	 */
	public static void closeAndAssertNoneLeft(DefaultProcessLauncher launcher, Duration timeout) {
		launcher.close();
		assertNoneLeft(timeout);
	}

	/**
	 * Waits until the test JVM has no running descendant, then ends any that remain (so
	 * one failing test does not leak into the next) and fails.
	 * @param timeout how long to wait
	 */
	public static void assertNoneLeft(Duration timeout) {
		try {
			await().atMost(timeout).until(() -> running().isEmpty());
		}
		catch (RuntimeException ex) {
			List<ProcessHandle> left = running();
			left.forEach(ProcessHandle::destroyForcibly);
			throw new AssertionError("Processes left behind: " + left.stream()
				.map((handle) -> handle.pid() + " " + handle.info().commandLine().orElse("?"))
				.toList(), ex);
		}
	}

	private static List<ProcessHandle> running() {
		return ProcessHandle.current()
			.descendants()
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> !ProcStat.isZombie(handle))
			.toList();
	}

}
