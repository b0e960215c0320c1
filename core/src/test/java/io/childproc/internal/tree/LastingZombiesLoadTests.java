package io.childproc.internal.tree;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.metrics.ProcessTreeMetrics;
import io.childproc.testsupport.Processes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A busy launcher never raises the zombie gauge: 30 s of short children started through
 * the launcher at more than 50 a second, with a scan every {@value #SCAN_MILLIS} ms, and
 * {@code process.children.zombies} read after every scan. Each child is a zombie for the
 * moment between its exit and the JDK's {@code waitpid}; a scan can catch it there, but
 * only a zombie seen by two scans in a row counts. A real zombie grandchild, started
 * while the load goes on, still shows within two scan intervals, under its child.
 */
class LastingZombiesLoadTests {

	private static final long SCAN_MILLIS = 500;

	private static final Duration LOAD = Duration.ofSeconds(30);

	/**
	 * Each thread tries a start every 20 ms: 200 a second in all, at least 50 on a busy
	 * machine.
	 */
	private static final int LAUNCHING_THREADS = 4;

	private DefaultProcessLauncher launcher;

	private ProcessTreeMonitor monitor;

	private ScheduledExecutorService load;

	private final List<String> nonZeroScans = new CopyOnWriteArrayList<>();

	private final AtomicInteger scans = new AtomicInteger();

	private final AtomicInteger transientZombiesSeen = new AtomicInteger();

	private final AtomicInteger launches = new AtomicInteger();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	@BeforeEach
	void start() {
		Processes.assumeLinux();
		this.launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(2)));
		this.monitor = new ProcessTreeMonitor(this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO).withMaxZombies(0));
		this.load = Executors.newScheduledThreadPool(LAUNCHING_THREADS + 1);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.load != null) {
			this.load.shutdownNow();
			this.load.awaitTermination(10, TimeUnit.SECONDS);
			this.monitor.close();
			this.launcher.close();
			Processes.killMarked(this.launcher.ownerId());
		}
	}

	@Test
	void zombieGaugeReadsZeroAtEveryScanUnderLoadYetARealZombieShowsWithinTwoScans() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ProcessTreeMetrics(this.monitor).bindTo(registry);
		Gauge gauge = registry.get(ProcessTreeMetrics.ZOMBIES).gauge();
		AtomicInteger expected = new AtomicInteger();
		for (int i = 0; i < LAUNCHING_THREADS; i++) {
			this.load.scheduleAtFixedRate(this::launchShortChild, 0, 20, TimeUnit.MILLISECONDS);
		}
		this.load.scheduleAtFixedRate(() -> scanAndReadGauge(gauge, expected), 0, SCAN_MILLIS, TimeUnit.MILLISECONDS);
		long began = System.nanoTime();
		await().atMost(LOAD.multipliedBy(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> System.nanoTime() - began >= LOAD.toNanos() || this.failure.get() != null);
		double seconds = (System.nanoTime() - began) / 1e9;
		assertThat(this.failure.get()).isNull();
		assertThat(this.nonZeroScans)
			.as("scans whose zombie gauge was not 0 (%d transient zombies caught by %d scans)",
					this.transientZombiesSeen.get(), this.scans.get())
			.isEmpty();
		assertThat(this.scans.get()).as("scans").isGreaterThanOrEqualTo((int) (LOAD.toMillis() / SCAN_MILLIS / 2));
		double launchesPerSecond = this.launches.get() / seconds;

		ChildProcess careless = this.launcher.start("sh", "-c", "sleep 0 & exec sleep 60");
		expected.set(1);
		ProcessTreeSnapshot snapshot = await().atMost(Duration.ofMillis(2 * SCAN_MILLIS).plusSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(this.monitor::snapshot, (scanned) -> scanned.zombieCount() == 1);
		assertThat(snapshot.zombies()).singleElement().satisfies((zombie) -> {
			assertThat(zombie.childPid()).isEqualTo(careless.pid());
			assertThat(zombie.ppid()).isEqualTo(careless.pid());
		});
		assertThat(gauge.value()).isEqualTo(1);
		assertThat(this.failure.get()).isNull();
		assertThat(this.nonZeroScans).as("scans whose gauge was neither 0 nor the real zombie").isEmpty();
		// Last, so that a zombie counted wrongly fails the test whatever the rate: a
		// machine too busy to start 50 children a second did not give the load asked for.
		assumeThat(launchesPerSecond)
			.as("launches per second: the machine was too busy to give the load this test needs (%d scans, %d "
					+ "transient zombies caught)", this.scans.get(), this.transientZombiesSeen.get())
			.isGreaterThanOrEqualTo(50);
	}

	private void launchShortChild() {
		try {
			this.launcher.start("true");
			this.launches.incrementAndGet();
		}
		catch (Throwable ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

	private void scanAndReadGauge(Gauge gauge, AtomicInteger expected) {
		try {
			ProcessTreeSnapshot snapshot = this.monitor.scan();
			this.scans.incrementAndGet();
			long zombiesNow = snapshot.descendants().stream().filter(ProcessInfo::isZombie).count();
			this.transientZombiesSeen.addAndGet((int) zombiesNow);
			double value = gauge.value();
			int wanted = expected.get();
			// Once the real zombie is started, the scan that first sees it still reads 0.
			if (value != 0 && !(wanted == 1 && value == 1)) {
				this.nonZeroScans
					.add("scan " + this.scans.get() + ": gauge " + value + ", zombies now " + zombiesNow + ", lasting "
							+ snapshot.zombies().stream().map((zombie) -> zombie.pid() + "/" + zombie.ppid()).toList());
			}
		}
		catch (Throwable ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

}
