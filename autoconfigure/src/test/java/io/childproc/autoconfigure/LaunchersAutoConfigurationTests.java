package io.childproc.autoconfigure;

import io.childproc.DefaultProcessLauncher;
import io.childproc.ProcessLauncher;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.health.ZombiesHealthCheck;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.metrics.ProcessTreeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.childproc.autoconfigure.StartUp.whileASleepRuns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of every childproc auto-configuration together, with Spring Boot's own, around
 * launchers the application defines: several launchers must not fail start-up, and
 * {@code childproc.enabled=false} turns off everything built on them.
 */
class LaunchersAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp
		.childprocWithMetrics(ChildProcessTreeAutoConfiguration.class, ChildProcessObservationAutoConfiguration.class,
				ChildProcessMetricsAutoConfiguration.class, ChildrenEndpointAutoConfiguration.class,
				ChildrenHealthAutoConfiguration.class, ObservationAutoConfiguration.class,
				EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=*");

	@Test
	void twoLaunchersStartAndAreEachMeasuredAndChecked() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LaunchersMeterBinder.class)
				.hasSingleBean(LaunchersObservations.class)
				.hasSingleBean(ProcessTreeMonitor.class)
				.hasBean("childrenHealthContributor")
				.doesNotHaveBean(ChildrenEndpoint.class);
			whileASleepRuns(context.getBean("ffmpegLauncher", ProcessLauncher.class),
					(child) -> assertThat(context.getBean(MeterRegistry.class)
						.get("process.children.live")
						.tag("launcher", "ffmpegLauncher")
						.gauge()
						.value()).isEqualTo(1));
		});
	}

	@Test
	void disabledTurnsOffEverythingBuiltOnTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> {
				assertNothingIsBuiltAroundTheLaunchers(context);
				assertThat(context).doesNotHaveBean(ChildProcessProperties.class)
					.doesNotHaveBean(ProcessTreeMetrics.class)
					.doesNotHaveBean(ZombiesHealthCheck.class);
				assertThat(context.getBeansOfType(ProcessLauncher.class)).containsOnlyKeys("ffmpegLauncher",
						"gitLauncher");
				assertThat(context.getBean(MeterRegistry.class).find("process.children.live").meters()).isEmpty();
			});
	}

	@Test
	void disabledTurnsOffEverythingAroundASingleLauncherOfTheApplication() {
		this.contextRunner.withBean("appLauncher", DefaultProcessLauncher.class, DefaultProcessLauncher::new)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> {
				assertNothingIsBuiltAroundTheLaunchers(context);
				assertThat(context).hasSingleBean(ProcessLauncher.class);
			});
	}

	private static void assertNothingIsBuiltAroundTheLaunchers(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(LaunchersMeterBinder.class)
			.doesNotHaveBean(LaunchersObservations.class)
			.doesNotHaveBean(ChildrenEndpoint.class)
			.doesNotHaveBean("childrenHealthContributor")
			.doesNotHaveBean("childrenHealthIndicator")
			.doesNotHaveBean("childProcessMetrics")
			.doesNotHaveBean(ProcessTreeMonitor.class);
	}

}
