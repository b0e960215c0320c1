package io.childproc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a launcher can leave behind in the test JVM besides processes: pipe descriptors
 * and its own threads.
 */
public final class Leftovers {

	private Leftovers() {
	}

	/**
	 * Counts the open pipe descriptors of this JVM: a child's standard streams are pipes
	 * (the jar files that class loading opens during a test are not).
	 * @return how many pipes this JVM has open
	 */
	public static long pipeDescriptors() {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.filter(Leftovers::isPipe).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isPipe(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
		}
		catch (IOException ex) {
			// Closed between the listing and the read.
			return false;
		}
	}

	/**
	 * Returns the live threads a launcher, its callbacks, its exit watcher or its tree
	 * monitor started: all are named {@code childproc-*}. The JDK's own (process reapers,
	 * the common pool's workers that {@code Process.onExit()} and Awaitility start) are
	 * not the launcher's and linger up to 60 s idle, so they are not counted. Nor is an
	 * idle thread of the callback pool that all launchers of the JVM share: it waits for
	 * a task and ends after 5 s without one. A callback thread that still runs a stage is
	 * counted.
	 * @return the live launcher threads
	 */
	public static Set<Thread> launcherThreads() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().isAlive())
			.filter((entry) -> entry.getKey().getName().startsWith("childproc-"))
			.filter((entry) -> !isIdleCallbackThread(entry.getKey(), entry.getValue()))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	private static boolean isIdleCallbackThread(Thread thread, StackTraceElement[] stack) {
		return thread.getName().startsWith("childproc-callbacks") && Arrays.stream(stack)
			.anyMatch((frame) -> frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
					&& frame.getMethodName().equals("getTask"));
	}

	/**
	 * Names the given threads, for a failure message.
	 * @param threads the threads
	 * @return their names
	 */
	public static List<String> names(Set<Thread> threads) {
		return threads.stream().map(Thread::getName).sorted().toList();
	}

}
