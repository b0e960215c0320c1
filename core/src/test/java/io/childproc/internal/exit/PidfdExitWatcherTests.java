package io.childproc.internal.exit;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.childproc.internal.exit.ExitWatcher.Watch;
import io.childproc.internal.natives.NativeAccess;
import io.childproc.internal.natives.Natives;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The pidfd watcher with real children: exact exit values, signals through the pidfd, no
 * descriptor or thread left behind.
 */
class PidfdExitWatcherTests {

	private final List<Process> started = new ArrayList<>();

	private PidfdExitWatcher watcher;

	@BeforeEach
	void openWatcher() {
		Processes.assumeLinux();
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		this.watcher = new PidfdExitWatcher(Natives.pidfdCalls());
	}

	@AfterEach
	void closeWatcher() {
		this.started.forEach(Process::destroyForcibly);
		if (this.watcher != null) {
			this.watcher.close();
		}
	}

	@Test
	void reportsExactExitValuesOfChildrenThatExitOrAreSignalledThroughThePidfd() throws Exception {
		assertThat(exitValueOf(start("sh", "-c", "exit 0"), null)).isZero();
		assertThat(exitValueOf(start("sh", "-c", "exit 3"), null)).isEqualTo(3);
		assertThat(exitValueOf(start("sleep", "60"), 15)).isEqualTo(143);
		assertThat(exitValueOf(start("sleep", "60"), 9)).isEqualTo(137);
		assertThat(this.watcher.signalsSent()).isEqualTo(2);
		assertThat(this.watcher.watching()).isZero();
	}

	@Test
	void signalsNothingOnceTheChildHasExited() throws Exception {
		Process process = start("sh", "-c", "exit 0");
		CountDownLatch exited = new CountDownLatch(1);
		Watch watch = this.watcher.watch(process, exited::countDown);
		assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(watch.signal(15)).isFalse();
		assertThat(this.watcher.signalsSent()).isZero();
	}

	@Test
	void reportsAChildThatExitedBeforeItWasWatched() throws Exception {
		Process process = start("sh", "-c", "exit 7");
		process.waitFor();
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger value = new AtomicInteger(-1);
		Watch watch = this.watcher.watch(process, () -> {
			value.set(process.exitValue());
			calls.incrementAndGet();
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
		assertThat(value).hasValue(7);
		assertThat(watch.signal(9)).isFalse();
	}

	@Test
	void watches1000SequentialChildrenWithExactValuesAndNoDescriptorOrThreadLeft() throws Exception {
		// One child first, so that the JDK's process reaper thread exists before
		// counting.
		runSequentially(1);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int threadsBefore = threads.getThreadCount();
		long descriptors = openDescriptors();
		AtomicInteger wrong = new AtomicInteger();
		AtomicInteger reported = new AtomicInteger();
		for (int i = 0; i < 1000; i++) {
			int expected = i % 4;
			Process process = new ProcessBuilder("sh", "-c", "exit " + expected).start();
			CountDownLatch exited = new CountDownLatch(1);
			this.watcher.watch(process, () -> {
				if (process.exitValue() != expected) {
					wrong.incrementAndGet();
				}
				reported.incrementAndGet();
				exited.countDown();
			});
			assertThat(exited.await(10, TimeUnit.SECONDS)).as("exit %d reported", i).isTrue();
		}
		assertThat(reported).hasValue(1000);
		assertThat(wrong).hasValue(0);
		assertThat(this.watcher.watching()).isZero();
		// Threads of earlier tests may retire meanwhile (idle JDK reapers, pool workers):
		// only growth is a leak.
		assertThat(threads.getThreadCount()).isLessThanOrEqualTo(threadsBefore + 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() <= descriptors);
	}

	@Test
	void closingStopsTheThreadAndClosesEveryPidfd() throws Exception {
		long descriptors = openDescriptors();
		for (int i = 0; i < 5; i++) {
			this.watcher.watch(start("sleep", "60"), () -> {
			});
		}
		assertThat(this.watcher.watching()).isEqualTo(5);
		this.watcher.close();
		assertThat(this.watcher.watching()).isZero();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().contains("pidfd"));
		this.started.forEach(Process::destroyForcibly);
		for (Process process : this.started) {
			process.waitFor();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() <= descriptors);
	}

	private void runSequentially(int children) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.redirectInput(new File("/dev/null"));
		for (int i = 0; i < children; i++) {
			Process process = builder.start();
			CountDownLatch exited = new CountDownLatch(1);
			this.watcher.watch(process, exited::countDown);
			assertThat(exited.await(10, TimeUnit.SECONDS)).as("exit %d reported", i).isTrue();
		}
	}

	private int exitValueOf(Process process, Integer signal) throws InterruptedException {
		AtomicInteger value = new AtomicInteger(-1);
		CountDownLatch exited = new CountDownLatch(1);
		Watch watch = this.watcher.watch(process, () -> {
			value.set(process.exitValue());
			exited.countDown();
		});
		if (signal != null) {
			assertThat(watch.signal(signal)).isTrue();
		}
		assertThat(exited.await(10, TimeUnit.SECONDS)).as("exit of %s reported", process.pid()).isTrue();
		return value.get();
	}

	private Process start(String... command) throws IOException {
		Process process = new ProcessBuilder(command).start();
		this.started.add(process);
		return process;
	}

	private static long openDescriptors() {
		String[] names = new File("/proc/self/fd").list();
		return Objects.requireNonNull(names).length;
	}

}
