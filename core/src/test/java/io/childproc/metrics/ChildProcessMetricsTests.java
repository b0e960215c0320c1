package io.childproc.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.ChildProcess;
import io.childproc.ChildProcessStartException;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.StartOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildProcessMetrics} against a {@link SimpleMeterRegistry}, with real
 * children.
 */
class ChildProcessMetricsTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapInterval(Duration.ZERO).withShutdownGracePeriod(Duration.ZERO));

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void closeLauncher() {
		this.launcher.close();
	}

	@Test
	void gaugesAndCountersFollowTheChildren() throws Exception {
		new ChildProcessMetrics(this.launcher).bindTo(this.registry);
		ChildProcess sleeper = this.launcher.start("sleep", "60");
		ChildProcess first = startWaiting("quick", 0);
		ChildProcess second = startWaiting("failing", 2);
		assertThat(gauge("process.children.live")).isEqualTo(3);
		release(first);
		release(second);
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("process.children.unreaped") == 2);
		assertThat(gauge("process.children.live")).isEqualTo(1);
		assertThat(counter("process.children.exited")).isEqualTo(2);
		assertThat(counter("process.children.started")).isEqualTo(3);
		assertThat(counter("process.children.start.failures")).isZero();
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("process.children.unreaped.oldest") > 0);
		assertThat(this.registry.get("process.children.unreaped.oldest").timeGauge().value(TimeUnit.MILLISECONDS))
			.isGreaterThan(0);
		this.launcher.reap();
		assertThat(gauge("process.children.unreaped")).isZero();
		assertThat(gauge("process.children.unreaped.oldest")).isZero();
		sleeper.terminate(Duration.ZERO);
	}

	@Test
	void reportsTheLimitOfLiveChildrenBesideTheLiveChildren() throws Exception {
		try (DefaultProcessLauncher limited = new DefaultProcessLauncher(
				LauncherSettings.defaults().withMaxLive(4).withShutdownGracePeriod(Duration.ZERO))) {
			new ChildProcessMetrics(limited).bindTo(this.registry);
			limited.start("sleep", "60");
			assertThat(gauge("process.children.max")).isEqualTo(4);
			assertThat(gauge("process.children.live")).isEqualTo(1);
		}
	}

	@Test
	void hasNoLimitMeterWhenTheLauncherHasNoLimit() {
		new ChildProcessMetrics(this.launcher).bindTo(this.registry);
		assertThat(this.registry.find("process.children.max").meters()).isEmpty();
	}

	@Test
	void reportsNamesPastTheLimitUnderOneOverflowValue() throws Exception {
		new ChildProcessMetrics(this.launcher, Tags.empty(), new BoundedNameTags(10), true).bindTo(this.registry);
		List<ChildProcess> children = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			children.add(this.launcher.start(new ProcessBuilder("true"), StartOptions.named("job-" + i)));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> children.stream().allMatch((child) -> child.state() != ChildState.RUNNING));
		this.launcher.reap();
		Collection<Timer> timers = this.registry.find("process.children.duration").timers();
		assertThat(timers).extracting((timer) -> timer.getId().getTag("name")).doesNotHaveDuplicates().hasSize(11);
		assertThat(this.registry.get("process.children.duration").tag("name", "OTHER").timer().count()).isEqualTo(20);
		assertThat(timers.stream().mapToLong(Timer::count).sum()).isEqualTo(30);
	}

	@Test
	void leavesTheDurationTimerToAnObservationWhenAsked() throws Exception {
		new ChildProcessMetrics(this.launcher, Tags.empty(), new BoundedNameTags(), false).bindTo(this.registry);
		assertAnExitIsCountedButNotTimed();
	}

	@Test
	void countsStartsThatFailed() {
		new ChildProcessMetrics(this.launcher).bindTo(this.registry);
		assertThatExceptionOfType(ChildProcessStartException.class)
			.isThrownBy(() -> this.launcher.start("/no/such/program"));
		assertThat(counter("process.children.start.failures")).isEqualTo(1);
		assertThat(counter("process.children.started")).isZero();
	}

	@Test
	void timesEachReapedChildByNameAndOutcome() throws Exception {
		new ChildProcessMetrics(this.launcher).bindTo(this.registry);
		ChildProcess quick = startWaiting("quick", 0);
		ChildProcess failing = startWaiting("failing", 3);
		ChildProcess killed = startWaiting("killed", 0);
		release(quick);
		release(failing);
		killed.terminate(Duration.ZERO);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.counts().unreaped() == 3);
		assertThat(this.registry.find("process.children.duration").timers()).isEmpty();
		this.launcher.reap();
		Timer success = this.registry.get("process.children.duration")
			.tags("name", "quick", "outcome", "SUCCESS")
			.timer();
		assertThat(success.count()).isEqualTo(1);
		assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(this.launcher.recentExits()
			.stream()
			.filter((exit) -> exit.pid() == quick.pid())
			.findFirst()
			.orElseThrow()
			.duration()
			.toNanos());
		assertThat(this.registry.get("process.children.duration")
			.tags("name", "failing", "outcome", "FAILURE")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("process.children.duration")
			.tags("name", "killed", "outcome", "SIGNALED")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("process.children.duration").timers())
			.allSatisfy((timer) -> assertThat(timer.getId().getTags()).extracting("key")
				.containsExactlyInAnyOrder("name", "outcome"));
	}

	@Test
	void addsTheGivenTagsToEveryMeter() throws Exception {
		new ChildProcessMetrics(this.launcher, Tags.of("pool", "encoders")).bindTo(this.registry);
		ChildProcess child = startWaiting("quick", 0);
		release(child);
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		this.launcher.reap();
		assertThat(this.registry.getMeters()).hasSize(7)
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("pool")).isEqualTo("encoders"));
	}

	@Test
	void stopsTimingOnceClosed() throws Exception {
		ChildProcessMetrics metrics = new ChildProcessMetrics(this.launcher);
		metrics.bindTo(this.registry);
		metrics.close();
		assertAnExitIsCountedButNotTimed();
	}

	@Test
	void gaugesDoNotKeepTheLauncherAlive() {
		DefaultProcessLauncher other = new DefaultProcessLauncher(
				LauncherSettings.defaults().withReapInterval(Duration.ZERO));
		new ChildProcessMetrics(other).bindTo(this.registry);
		java.lang.ref.WeakReference<DefaultProcessLauncher> reference = new java.lang.ref.WeakReference<>(other);
		other.close();
		other = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return reference.get() == null;
		});
		assertThat(gauge("process.children.live")).isNaN();
	}

	private ChildProcess startWaiting(String name, int exitCode) throws IOException {
		return this.launcher.start(new ProcessBuilder("sh", "-c", "read line; exit " + exitCode),
				StartOptions.named(name));
	}

	private static void release(ChildProcess child) throws IOException {
		child.process().getOutputStream().close();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double counter(String name) {
		return this.registry.get(name).functionCounter().count();
	}

	private void assertAnExitIsCountedButNotTimed() throws Exception {
		ChildProcess child = startWaiting("quick", 0);
		release(child);
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		this.launcher.reap();
		assertThat(this.registry.find("process.children.duration").timers()).isEmpty();
		assertThat(counter("process.children.exited")).isEqualTo(1);
	}

}
