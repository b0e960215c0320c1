package io.childproc;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.childproc.testsupport.Descendants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many starts from many threads, mixed with concurrent reaps, terminations and reads, while an invariant checker
 * runs throughout. The default size keeps the build fast; {@code -Dchildproc.stress.starts=20000} runs the full
 * size.
 */
class StressTests {

	private static final int STARTS = Integer.getInteger("childproc.stress.starts", 2000);

	private static final int THREADS = Integer.getInteger("childproc.stress.threads", 32);

	private DefaultProcessLauncher launcher;

	@AfterEach
	void close() {
		if (this.launcher != null) {
			this.launcher.close();
		}
		Descendants.assertNoneLeft(Duration.ofSeconds(20));
	}

	@Test
	void countsStayExactAndNothingLeaksUnderConcurrentStartsReapsTerminationsAndReads() throws Exception {
		long baselineDescriptors = openDescriptors();
		List<String> baselineThreads = threadsOtherThanIdleReapers();
		this.launcher = new DefaultProcessLauncher(LauncherSettings.defaults()
			.withReapInterval(Duration.ofMillis(50))
			.withHistorySize(100)
			.withTerminateGracePeriod(Duration.ofMillis(200)));
		DefaultProcessLauncher launcher = this.launcher;
		Map<ChildProcess, Integer> expected = new ConcurrentHashMap<>();
		Map<ChildProcess, Boolean> terminated = new ConcurrentHashMap<>();
		List<String> violations = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger checks = new AtomicInteger();

		Thread checker = new Thread(() -> {
			long lastExited = 0;
			long lastStarted = 0;
			while (running.get()) {
				DefaultProcessLauncher.Snapshot snapshot = launcher.snapshot();
				ChildCounts counts = snapshot.counts();
				if (counts.live() + counts.unreaped() != snapshot.children().size()) {
					violations.add("live + unreaped != children: " + counts + " vs " + snapshot.children().size());
				}
				if (counts.live() < 0 || counts.unreaped() < 0 || counts.startFailures() < 0) {
					violations.add("negative count: " + counts);
				}
				if (counts.exited() < lastExited || counts.started() < lastStarted) {
					violations.add("a monotonic count went down: " + counts);
				}
				lastExited = counts.exited();
				lastStarted = counts.started();
				checks.incrementAndGet();
			}
		}, "invariant-checker");
		Thread disturber = new Thread(() -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (running.get()) {
				launcher.reap();
				launcher.recentExits();
				launcher.oldestUnreapedAge();
				List<ChildProcess> children = launcher.children();
				if (!children.isEmpty() && random.nextInt(10) == 0) {
					ChildProcess victim = children.get(random.nextInt(children.size()));
					terminated.put(victim, Boolean.TRUE);
					victim.terminate(Duration.ofMillis(100));
				}
				Thread.onSpinWait();
			}
		}, "disturber");
		checker.start();
		disturber.start();

		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		AtomicInteger remaining = new AtomicInteger(STARTS);
		for (int t = 0; t < THREADS; t++) {
			futures.add(pool.submit(() -> {
				go.await();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (remaining.getAndDecrement() > 0) {
					int code = random.nextInt(256);
					String script = random.nextBoolean() ? "exit " + code
							: "sleep 0.0" + random.nextInt(1, 10) + "; exit " + code;
					ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectOutput(Redirect.DISCARD)
						.redirectError(Redirect.DISCARD);
					ChildProcess child = launcher.start(builder);
					expected.put(child, code);
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> future : futures) {
			future.get(10, TimeUnit.MINUTES);
		}
		pool.shutdown();
		await().atMost(Duration.ofMinutes(2)).until(() -> launcher.counts().exited() == STARTS);
		running.set(false);
		checker.join();
		disturber.join();
		launcher.reap();

		assertThat(violations).isEmpty();
		assertThat(checks.get()).isPositive();
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 0, STARTS, STARTS, 0));
		assertThat(launcher.children()).isEmpty();
		List<String> wrongCodes = new ArrayList<>();
		expected.forEach((child, code) -> {
			int actual = child.exitCode().getAsInt();
			boolean ended = terminated.containsKey(child) && (actual == 143 || actual == 137);
			if (actual != code && !ended) {
				wrongCodes.add(child.pid() + ": expected " + code + " but was " + actual);
			}
		});
		assertThat(wrongCodes).isEmpty();
		assertThat(expected).hasSize(STARTS);
		assertThat(zombieDescendants()).isZero();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baselineDescriptors));
		launcher.close();
		this.launcher = null;
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(threadsOtherThanIdleReapers()).isSubsetOf(baselineThreads));
	}

	/** Descriptors a child can leak: pipes. (Jar files opened by class loading during the test are not.) */
	private static long openDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.filter((fd) -> {
				try {
					return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
				}
				catch (IOException ex) {
					return false;
				}
			}).count();
		}
	}

	/** The JDK's idle "process reaper" threads linger 60 s: they are not ours to count. */
	private static List<String> threadsOtherThanIdleReapers() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("process reaper") && !name.startsWith("awaitility"))
			.toList();
	}

	private static long zombieDescendants() {
		return ProcessHandle.current().descendants().filter((handle) -> {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
				return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
			}
			catch (IOException ex) {
				return false;
			}
		}).count();
	}

}
