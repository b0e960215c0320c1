package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.health.ZombiesHealthCheck;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.metrics.ProcessTreeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of every childproc auto-configuration together, with Spring Boot's own, around
 * launchers the application defines: several launchers must not fail start-up, and
 * {@code childproc.enabled=false} turns off everything built on them.
 */
class LaunchersAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ChildProcessAutoConfiguration.class, ChildProcessTreeAutoConfiguration.class,
						ChildProcessObservationAutoConfiguration.class, ChildProcessMetricsAutoConfiguration.class,
						ChildrenEndpointAutoConfiguration.class, ChildrenHealthAutoConfiguration.class,
						ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
						SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
						EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class))
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
			ChildProcess child = context.getBean("ffmpegLauncher", ProcessLauncher.class).start("sleep", "60");
			try {
				assertThat(context.getBean(MeterRegistry.class)
					.get("process.children.live")
					.tag("launcher", "ffmpegLauncher")
					.gauge()
					.value()).isEqualTo(1);
			}
			finally {
				child.terminate(Duration.ZERO);
			}
		});
	}

	@Test
	void disabledTurnsOffEverythingBuiltOnTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ChildProcessProperties.class)
					.doesNotHaveBean(LaunchersMeterBinder.class)
					.doesNotHaveBean(LaunchersObservations.class)
					.doesNotHaveBean(ChildrenEndpoint.class)
					.doesNotHaveBean("childrenHealthContributor")
					.doesNotHaveBean("childrenHealthIndicator")
					.doesNotHaveBean("childProcessMetrics")
					.doesNotHaveBean(ProcessTreeMonitor.class)
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
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ProcessLauncher.class)
				.doesNotHaveBean(LaunchersMeterBinder.class)
				.doesNotHaveBean(LaunchersObservations.class)
				.doesNotHaveBean(ChildrenEndpoint.class)
				.doesNotHaveBean("childrenHealthContributor")
				.doesNotHaveBean("childrenHealthIndicator")
				.doesNotHaveBean("childProcessMetrics")
				.doesNotHaveBean(ProcessTreeMonitor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoLaunchersConfiguration {

		@Bean(destroyMethod = "close")
		DefaultProcessLauncher ffmpegLauncher() {
			return new DefaultProcessLauncher(
					LauncherSettings.defaults().withMaxLive(2).withShutdownGracePeriod(Duration.ZERO));
		}

		@Bean(destroyMethod = "close")
		DefaultProcessLauncher gitLauncher() {
			return new DefaultProcessLauncher(LauncherSettings.defaults());
		}

	}

}
