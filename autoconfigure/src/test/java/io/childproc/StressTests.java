package io.childproc;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.childproc.actuate.ChildrenEndpoint.ChildDescriptor;
import io.childproc.actuate.ChildrenEndpoint.ChildrenDescriptor;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.internal.tree.ProcessTreeSnapshot;
import io.childproc.testsupport.Descendants;
import io.childproc.testsupport.ProcStat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many starts from many threads, mixed with concurrent reaps, terminations, reads of the
 * launcher and reads of the real {@code children} endpoint (with the process tree
 * monitor's members), while an invariant checker runs throughout. At the end the
 * monitor's own scan must find no zombie. The default size keeps the build fast;
 * {@code -Dchildproc.stress.starts=20000} runs the full size.
 */
class StressTests {

	private static final int STARTS = Integer.getInteger("childproc.stress.starts", 2000);

	private static final int THREADS = Integer.getInteger("childproc.stress.threads", 32);

	private DefaultProcessLauncher launcher;

	private ProcessTreeMonitor monitor;

	@AfterEach
	void close() {
		if (this.monitor != null) {
			this.monitor.close();
		}
		if (this.launcher != null) {
			this.launcher.close();
		}
		Descendants.assertNoneLeft(Duration.ofSeconds(20));
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void countsStayExactAndNothingLeaksUnderConcurrentStartsReapsTerminationsAndReads() throws Exception {
		long baselineDescriptors = openDescriptors();
		List<String> baselineThreads = threadsOtherThanIdleReapers();
		this.launcher = new DefaultProcessLauncher(LauncherSettings.defaults()
			.withReapInterval(Duration.ofMillis(50))
			.withHistorySize(100)
			.withTerminateGracePeriod(Duration.ofMillis(200)));
		DefaultProcessLauncher launcher = this.launcher;
		this.monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ofMillis(200)));
		ProcessTreeMonitor monitor = this.monitor;
		ChildrenEndpoint endpoint = new ChildrenEndpoint(launcher, List.of(), Show.NEVER, Set.of(),
				Duration.ofMillis(200), List.of(), monitor);
		AtomicInteger endpointReads = new AtomicInteger();
		AtomicInteger maxZombies = new AtomicInteger();
		AtomicInteger maxLive = new AtomicInteger();
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
		Thread reader = new Thread(() -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (running.get()) {
				try {
					ChildrenDescriptor read = endpoint.children(SecurityContext.NONE);
					for (ChildDescriptor child : read.children()) {
						if ((child.state() == ChildState.RUNNING) != (child.exitCode() == null)) {
							violations.add("endpoint: exit code and state disagree: " + child);
						}
						if (child.command().size() != 3 || !child.command().get(1).equals("******")) {
							violations.add("endpoint: arguments not masked: " + child.command());
						}
					}
					if (read.live() < 0 || read.unreaped() < 0) {
						violations.add("endpoint: negative count: " + read.live() + "/" + read.unreaped());
					}
					maxZombies.accumulateAndGet(((Number) read.contributed().get("zombies")).intValue(), Math::max);
					maxLive.accumulateAndGet((int) read.live(), Math::max);
					if (!read.children().isEmpty()) {
						long pid = read.children().get(random.nextInt(read.children().size())).pid();
						endpoint.child(SecurityContext.NONE, pid);
					}
					endpointReads.incrementAndGet();
					// About a hundred reads a second: many scrapers at once, without
					// starving the starts.
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
				}
				catch (RuntimeException ex) {
					violations.add("endpoint read failed: " + ex);
				}
			}
		}, "endpoint-reader");
		long began = System.nanoTime();
		checker.start();
		disturber.start();
		reader.start();

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
		long startedIn = System.nanoTime() - began;
		running.set(false);
		checker.join();
		disturber.join();
		reader.join();
		launcher.reap();

		assertThat(violations).isEmpty();
		assertThat(checks.get()).isPositive();
		assertThat(endpointReads.get()).isPositive();
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
		ProcessTreeSnapshot scanned = monitor.scan();
		assertThat(scanned.available()).isTrue();
		assertThat(scanned.zombieCount()).isZero();
		assertThat(scanned.escaped()).isEmpty();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baselineDescriptors));
		long descriptorsAfter = openDescriptors();
		monitor.close();
		this.monitor = null;
		launcher.close();
		this.launcher = null;
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(threadsOtherThanIdleReapers()).isSubsetOf(baselineThreads));
		System.out.printf(
				"STRESS starts=%d threads=%d seconds=%.1f starts/s=%.0f invariantChecks=%d endpointReads=%d "
						+ "terminated=%d maxLive=%d maxZombiesSeen=%d pipeFds=%d->%d threads=%d->%d%n",
				STARTS, THREADS, startedIn / 1e9, STARTS / (startedIn / 1e9), checks.get(), endpointReads.get(),
				terminated.size(), maxLive.get(), maxZombies.get(), baselineDescriptors, descriptorsAfter,
				baselineThreads.size(), threadsOtherThanIdleReapers().size());
	}

	/**
	 * Descriptors a child can leak: pipes. (Jar files opened by class loading during the
	 * test are not.)
	 */
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

	/**
	 * The JDK's idle "process reaper" threads linger 60 s: they are not ours to count.
	 * Nor is JNA's one cleaner thread, started once per JVM when the launcher loads JNA,
	 * nor are the common pool's workers, which the JDK's {@code Process.onExit()} (the
	 * jdk exit watcher, e.g. on Java 25 without native access) and Awaitility start, and
	 * which the JDK retires after 60 s idle.
	 */
	private static List<String> threadsOtherThanIdleReapers() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("process reaper") && !name.startsWith("awaitility")
					&& !name.equals("JNA Cleaner") && !name.startsWith("ForkJoinPool.commonPool-worker-"))
			.toList();
	}

	private static long zombieDescendants() {
		return ProcessHandle.current().descendants().filter(ProcStat::isZombie).count();
	}

}
