package io.childproc.health;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildrenHealthIndicator} with a real launcher and real children.
 */
class ChildrenHealthIndicatorTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.defaults()
		.withReapInterval(Duration.ZERO)
		.withMaxLive(2)
		.withShutdownGracePeriod(Duration.ZERO));

	@AfterEach
	void closeLauncher() {
		this.launcher.close();
	}

	@Test
	void isUpWithTheCountsAsDetails() throws Exception {
		this.launcher.start("sleep", "60");
		Health health = indicator(Duration.ofMinutes(1)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("live", 1L)
			.containsEntry("unreaped", 0L)
			.containsEntry("exited", 0L)
			.containsEntry("started", 1L)
			.containsEntry("startFailures", 0L)
			.containsEntry("oldestUnreapedAge", "PT0S")
			.containsEntry("maxLive", 2)
			.containsEntry("maxUnreapedAge", "PT1M")
			.doesNotContainKey("problems");
	}

	@Test
	void staysUpAndSaysSoWhileAsManyChildrenAreLiveAsTheLimitAllows() throws Exception {
		this.launcher.start("sleep", "60");
		ChildProcess second = this.launcher.start("sleep", "60");
		Health full = indicator(Duration.ofMinutes(1)).health();
		assertThat(full.getStatus()).isEqualTo(Status.UP);
		assertThat(full.getDetails()).containsEntry("saturated", true).doesNotContainKey("problems");
		assertThat(full.getDetails().get("saturation")).asString()
			.contains("childproc.max-live is 2")
			.contains("back-pressure, not a fault");
		second.terminate(Duration.ZERO);
		await().atMost(Duration.ofSeconds(10)).until(() -> second.state() == ChildState.EXITED);
		Health roomAgain = indicator(Duration.ofMinutes(1)).health();
		assertThat(roomAgain.getStatus()).isEqualTo(Status.UP);
		assertThat(roomAgain.getDetails()).containsEntry("saturated", false).doesNotContainKey("saturation");
	}

	@Test
	void saysNothingOfSaturationWithoutALimit() throws Exception {
		this.launcher.start("sleep", "60");
		Health health = new ChildrenHealthIndicator(this.launcher, 0, Duration.ofMinutes(1), List.of()).health();
		assertThat(health.getDetails()).doesNotContainKeys("saturated", "saturation");
	}

	@Test
	void neverCountsAnUnreapedChildAgainstHealthWhenNothingReapsInTheBackground() throws Exception {
		exited();
		ChildrenHealthIndicator indicator = new ChildrenHealthIndicator(this.launcher, 0, null, List.of());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.oldestUnreapedAge().toMillis() > 300);
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("unreaped", 1L).doesNotContainKey("maxUnreapedAge");
	}

	@Test
	void isDownOnceAnExitedChildWaitedTooLongToBeReaped() throws Exception {
		ChildProcess child = exited();
		ChildrenHealthIndicator indicator = indicator(Duration.ofMillis(200));
		await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
		assertThat(indicator.health().getDetails().get("problems")).asString()
			.contains("childproc.health.max-unreaped-age (PT0.2S)")
			.contains("the background reap has stopped");
		this.launcher.reap();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(child.state()).isEqualTo(ChildState.REAPED);
	}

	@Test
	void staysUpWhileAnExitedChildHasNotWaitedLong() throws Exception {
		exited();
		assertThat(indicator(Duration.ofMinutes(1)).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void appliesEveryExtraCheck() {
		ChildrenHealthCheck zombies = (details) -> {
			details.put("zombies", 30);
			return "30 zombies";
		};
		ChildrenHealthCheck fine = (details) -> null;
		Health health = new ChildrenHealthIndicator(this.launcher, 0, Duration.ofMinutes(1), List.of(fine, zombies))
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("zombies", 30).containsEntry("problems", List.of("30 zombies"));
	}

	private ChildProcess exited() throws IOException {
		ChildProcess child = this.launcher.start("true");
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		return child;
	}

	private ChildrenHealthIndicator indicator(Duration maxUnreapedAge) {
		return new ChildrenHealthIndicator(this.launcher, this.launcher.settings().maxLive(), maxUnreapedAge,
				List.of());
	}

}
