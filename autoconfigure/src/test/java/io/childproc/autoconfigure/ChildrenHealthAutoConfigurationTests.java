package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.childproc.health.ChildrenHealthCheck;
import io.childproc.health.ChildrenHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildrenHealthAutoConfiguration}.
 */
class ChildrenHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc(ChildrenHealthAutoConfiguration.class,
			HealthContributorAutoConfiguration.class);

	@Test
	void registersTheChildrenHealthIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChildrenHealthIndicator.class).hasBean("childrenHealthContributor");
			assertThat(context.getBean(ChildrenHealthIndicator.class).health().getDetails())
				.containsEntry("maxUnreapedAge", "PT30S");
		});
	}

	@Test
	void takesLimitsFromTheProperties() {
		this.contextRunner.withPropertyValues("childproc.max-live=7", "childproc.reap.interval=4s")
			.run((context) -> assertThat(context.getBean(ChildrenHealthIndicator.class).health().getDetails())
				.containsEntry("maxLive", 7)
				.containsEntry("maxUnreapedAge", "PT12S"));
	}

	@Test
	void checksNoUnreapedAgeWhenNothingReapsInTheBackground() {
		this.contextRunner.withPropertyValues("childproc.reap.interval=0")
			.run((context) -> assertThat(context.getBean(ChildrenHealthIndicator.class).health().getDetails())
				.doesNotContainKey("maxUnreapedAge"));
	}

	@Test
	void checksTheUnreapedAgeWhenItIsSetEvenWithoutBackgroundReap() {
		this.contextRunner.withPropertyValues("childproc.reap.interval=0", "childproc.health.max-unreaped-age=2m")
			.run((context) -> assertThat(context.getBean(ChildrenHealthIndicator.class).health().getDetails())
				.containsEntry("maxUnreapedAge", "PT2M"));
	}

	@Test
	void showsOneComponentPerLauncherUnderChildrenWithSeveralLaunchers() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			HealthContributor contributor = context.getBean("childrenHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
			HealthIndicator ffmpeg = (HealthIndicator) composite.getContributor("ffmpegLauncher");
			HealthIndicator git = (HealthIndicator) composite.getContributor("gitLauncher");
			assertThat(ffmpeg.health().getDetails()).containsEntry("maxLive", 2);
			assertThat(git.health().getDetails()).containsEntry("maxLive", 0);
		});
	}

	@Test
	void isOffWhenChildprocIsDisabledAlsoAroundTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(UserLauncherConfiguration.class)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ProcessLauncher.class)
				.doesNotHaveBean(ChildrenHealthIndicator.class)
				.doesNotHaveBean("childrenHealthContributor"));
	}

	@Test
	void takesLimitsFromTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(UserLauncherConfiguration.class)
			.run((context) -> assertThat(context.getBean(ChildrenHealthIndicator.class).health().getDetails())
				.containsEntry("maxLive", 3)
				.containsEntry("maxUnreapedAge", "PT6S"));
	}

	@Test
	void appliesEveryChildrenHealthCheckBean() {
		this.contextRunner.withBean(ChildrenHealthCheck.class, () -> (details) -> "too many zombies")
			.run((context) -> assertThat(context.getBean(ChildrenHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.children.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChildrenHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnIndicator() {
		this.contextRunner.withBean("childrenHealthIndicator", HealthIndicator.class, () -> () -> null)
			.run((context) -> assertThat(context).doesNotHaveBean(ChildrenHealthIndicator.class)
				.hasBean("childrenHealthIndicator"));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		StartUp.childproc(ChildrenHealthAutoConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health."))
			.run((context) -> assertThat(context).doesNotHaveBean(ChildrenHealthIndicator.class)
				.hasSingleBean(ProcessLauncher.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLauncherConfiguration {

		@Bean(destroyMethod = "close")
		DefaultProcessLauncher userLauncher() {
			return new DefaultProcessLauncher(
					LauncherSettings.defaults().withMaxLive(3).withReapInterval(Duration.ofSeconds(2)));
		}

	}

}
