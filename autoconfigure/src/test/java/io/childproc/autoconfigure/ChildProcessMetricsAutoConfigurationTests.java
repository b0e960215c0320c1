package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.ProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.childproc.autoconfigure.StartUp.whileASleepRuns;
import static io.childproc.autoconfigure.StartUp.withPrometheus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildProcessMetricsAutoConfiguration}.
 */
class ChildProcessMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp
		.childprocWithMetrics(ChildProcessMetricsAutoConfiguration.class);

	@Test
	void bindsTheMetersOfTheLauncherToTheRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LaunchersMeterBinder.class);
			ChildProcess child = context.getBean(ProcessLauncher.class).start("true");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("process.children.exited").functionCounter().count() == 1);
			assertThat(registry.get("process.children.live").gauge().value()).isZero();
			assertThat(child.exitCode()).hasValue(0);
		});
	}

	@Test
	void exportsTheLimitOfLiveChildrenAndTheOldestUnreapedAgeInSecondsToPrometheus() {
		withPrometheus(this.contextRunner).withPropertyValues("childproc.max-live=4").run((context) -> {
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("process_children_max 4.0")
				.contains("# TYPE process_children_unreaped_oldest_seconds gauge")
				.containsPattern("(?m)^process_children_unreaped_oldest_seconds 0\\.0$")
				.containsPattern("(?m)^process_children_live 0\\.0$");
		});
	}

	@Test
	void hasNoLimitMeterWithoutMaxLive() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("process.children.max").meters())
				.isEmpty());
	}

	@Test
	void boundsTheNamesOfTheDurationTimerAsConfigured() {
		this.contextRunner.withPropertyValues("childproc.metrics.max-names=2").run((context) -> {
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			for (String name : List.of("a", "b", "c", "d")) {
				ChildProcess child = launcher.start(new ProcessBuilder("true"), StartOptions.named(name));
				await().atMost(Duration.ofSeconds(10)).until(() -> child.state() != ChildState.RUNNING);
			}
			launcher.reap();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("process.children.duration").timers())
				.extracting((timer) -> timer.getId().getTag("name"))
				.containsExactlyInAnyOrder("a", "b", "OTHER");
			assertThat(registry.get("process.children.duration").tag("name", "OTHER").timer().count()).isEqualTo(2);
		});
	}

	@Test
	void refusesAMaxNamesBelowOne() {
		this.contextRunner.withPropertyValues("childproc.metrics.max-names=0")
			.run(StartUp.failsWithMessageContaining("childproc.metrics.max-names must be 1 or more, was 0"));
	}

	@Test
	void measuresEveryLauncherUnderItsBeanNameWithSeveralLaunchers() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ProcessLauncher ffmpeg = context.getBean("ffmpegLauncher", ProcessLauncher.class);
			whileASleepRuns(ffmpeg, (child) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("process.children.live").tag("launcher", "ffmpegLauncher").gauge().value())
					.isEqualTo(1);
				assertThat(registry.get("process.children.live").tag("launcher", "gitLauncher").gauge().value())
					.isZero();
				assertThat(registry.get("process.children.max").tag("launcher", "ffmpegLauncher").gauge().value())
					.isEqualTo(2);
				assertThat(registry.find("process.children.max").tag("launcher", "gitLauncher").meters()).isEmpty();
			});
		});
	}

	@Test
	void isOffWhenChildprocIsDisabledAlsoAroundTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LaunchersMeterBinder.class);
				assertThat(context.getBean(MeterRegistry.class).find("process.children.live").meters()).isEmpty();
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnMetrics() {
		this.contextRunner.withUserConfiguration(UserMetricsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ChildProcessMetrics.class).doesNotHaveBean(LaunchersMeterBinder.class);
			assertThat(context).hasBean("userMetrics");
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		StartUp.childproc(ChildProcessMetricsAutoConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(LaunchersMeterBinder.class)
				.hasSingleBean(ProcessLauncher.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer."))
			.run((context) -> assertThat(context).doesNotHaveBean("childProcessMetrics")
				.hasSingleBean(ProcessLauncher.class));
	}

	@Test
	void backsOffWhenChildprocIsDisabled() {
		this.contextRunner.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LaunchersMeterBinder.class)
				.doesNotHaveBean(ProcessLauncher.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		ChildProcessMetrics userMetrics(ProcessLauncher launcher) {
			return new ChildProcessMetrics(launcher);
		}

	}

}
