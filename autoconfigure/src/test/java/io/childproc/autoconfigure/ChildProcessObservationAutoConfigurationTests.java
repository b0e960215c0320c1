package io.childproc.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.ProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.observation.ChildProcessObservationContext;
import io.childproc.observation.DefaultChildProcessObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.childproc.autoconfigure.StartUp.withPrometheus;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildProcessObservationAutoConfiguration}, with Spring Boot's own
 * observation and metrics auto-configuration and real children.
 */
class ChildProcessObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childprocWithMetrics(
			ChildProcessObservationAutoConfiguration.class, ChildProcessMetricsAutoConfiguration.class,
			ObservationAutoConfiguration.class);

	@Test
	void theDurationTimerComesFromEachChildsObservationWithTheSameNameAndTags() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LaunchersObservations.class);
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			ObservationRegistry observations = context.getBean(ObservationRegistry.class);
			Observation request = Observation.start("request", observations);
			ChildProcess child;
			try (Observation.Scope scope = request.openScope()) {
				child = launcher.start(new ProcessBuilder("sh", "-c", "exit 3"), StartOptions.named("transcode"));
			}
			finally {
				request.stop();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> child.state() != ChildState.RUNNING);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("process.children.duration").tag("outcome", "FAILURE").timer() != null);
			Timer timer = registry.get("process.children.duration")
				.tags("name", "transcode", "outcome", "FAILURE")
				.timer();
			assertThat(timer.count()).isEqualTo(1);
			assertThat(timer.getId().getTags()).extracting("key").containsExactlyInAnyOrder("name", "outcome", "error");
			launcher.reap();
			assertThat(registry.find("process.children.duration").timers()).hasSize(1);
			assertThat(timer.count()).as("the reap does not time the child a second time").isEqualTo(1);
		});
	}

	@Test
	void usesTheApplicationsConvention() {
		this.contextRunner
			.withBean("teamConvention", DefaultChildProcessObservationConvention.class, TeamConvention::new)
			.run((context) -> {
				ChildProcess child = context.getBean(ProcessLauncher.class).start("true");
				await().atMost(Duration.ofSeconds(10)).until(() -> child.state() != ChildState.RUNNING);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.find("process.children.duration").tag("team", "media").timer() != null);
			});
	}

	@Test
	void observesInTheApplicationsRegistryWithTheLauncherKeyWithSeveralLaunchers() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		StartUp.childproc(ChildProcessObservationAutoConfiguration.class)
			.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(TwoLaunchersConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ChildProcess child = context.getBean("gitLauncher", ProcessLauncher.class).start("true");
				await().atMost(Duration.ofSeconds(10)).until(() -> child.state() != ChildState.RUNNING);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(registry).hasSingleObservationThat()
						.hasBeenStopped()
						.hasLowCardinalityKeyValue("launcher", "gitLauncher")
						.hasLowCardinalityKeyValue("name", "true")
						.hasLowCardinalityKeyValue("outcome", "SUCCESS"));
			});
	}

	@Test
	void aFailedChildsObservationCarriesItsStandardErrorTailOnlyWhenValuesAreShownToEverybody() {
		for (String showValues : new String[] { "never", "when-authorized", "always" }) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			StartUp.childproc(ChildProcessObservationAutoConfiguration.class)
				.withBean(ObservationRegistry.class, () -> registry)
				.withPropertyValues("management.endpoint.children.show-values=" + showValues,
						"childproc.output.default=log")
				.run((context) -> {
					ChildProcess child = context.getBean(ProcessLauncher.class)
						.start("sh", "-c", "echo 'no space left on device' >&2; exit 1");
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(registry).hasSingleObservationThat().hasBeenStopped());
					if (showValues.equals("always")) {
						assertThat(registry).hasSingleObservationThat()
							.hasHighCardinalityKeyValue(DefaultChildProcessObservationConvention.STDERR_TAIL_KEY,
									"no space left on device");
					}
					else {
						assertThat(registry).hasSingleObservationThat()
							.doesNotHaveHighCardinalityKeyValueWithKey(
									DefaultChildProcessObservationConvention.STDERR_TAIL_KEY);
					}
					assertThat(child.stderrTail()).isEqualTo("no space left on device");
				});
		}
	}

	@Test
	void metricsTimeTheChildrenThemselvesWithoutObservations() {
		StartUp
			.childprocWithMetrics(ChildProcessObservationAutoConfiguration.class,
					ChildProcessMetricsAutoConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LaunchersObservations.class)
					.doesNotHaveBean(ObservationRegistry.class);
				ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
				ChildProcess child = launcher.start("true");
				await().atMost(Duration.ofSeconds(10)).until(() -> child.state() != ChildState.RUNNING);
				launcher.reap();
				Timer timer = context.getBean(MeterRegistry.class)
					.get("process.children.duration")
					.tags("name", "true", "outcome", "SUCCESS")
					.timer();
				assertThat(timer.count()).isEqualTo(1);
				assertThat(timer.getId().getTags()).extracting("key").containsExactlyInAnyOrder("name", "outcome");
			});
	}

	@Test
	void isOffWhenChildprocIsDisabledAlsoAroundTheApplicationsOwnLauncher() {
		this.contextRunner.withUserConfiguration(TwoLaunchersConfiguration.class)
			.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LaunchersObservations.class));
	}

	/**
	 * A team's convention: the default one and a {@code team} key.
	 */
	static class TeamConvention extends DefaultChildProcessObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(ChildProcessObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "media");
		}

	}

	@Test
	void aChildStartedWhileTheContextStartsIsObservedAndTimed() {
		this.contextRunner.withUserConfiguration(StartsChildrenAtStartupConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			assertThat(launcher.children()).hasSize(2);
			for (String name : new String[] { "from-bean-method", "from-initializing-singleton" }) {
				LongTaskTimer active = registry.find("process.children.duration.active")
					.tag("name", name)
					.longTaskTimer();
				assertThat(active).as("the active timer of " + name).isNotNull();
				assertThat(active.activeTasks()).isEqualTo(1);
			}
			for (ChildProcess child : launcher.children()) {
				assertThat(child.terminate(Duration.ZERO)).isTrue();
			}
			for (String name : new String[] { "from-bean-method", "from-initializing-singleton" }) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(
							() -> assertThat(registry.find("process.children.duration").tag("name", name).timer())
								.as("the timer of " + name)
								.isNotNull()
								.extracting(Timer::count)
								.isEqualTo(1L));
			}
		});
	}

	@Test
	void theRecommendedHistogramSettingGivesBucketsToTheTimerAloneNotToTheActiveTimer() {
		withPrometheus(this.contextRunner)
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.process.children.duration=true")
			.run((context) -> {
				String scrape = scrapeWhileOneChildRanAndOneRuns(context);
				assertThat(bucketLines(scrape, "process_children_duration_seconds_bucket")).isPositive();
				assertThat(bucketLines(scrape, "process_children_duration_active_seconds_bucket")).isZero();
			});
	}

	@Test
	void theActiveTimerHasBucketsWhenAskedForByItsFullName() {
		withPrometheus(this.contextRunner)
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.process.children.duration=true",
					"management.metrics.distribution.percentiles-histogram.process.children.duration.active=true")
			.run((context) -> {
				String scrape = scrapeWhileOneChildRanAndOneRuns(context);
				assertThat(bucketLines(scrape, "process_children_duration_seconds_bucket")).isPositive();
				assertThat(bucketLines(scrape, "process_children_duration_active_seconds_bucket")).isPositive();
			});
	}

	private static String scrapeWhileOneChildRanAndOneRuns(ApplicationContext context) throws Exception {
		ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
		PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
		launcher.start("true").process().waitFor();
		ChildProcess running = launcher.start("sleep", "60");
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("process.children.duration").timer() != null);
			return registry.scrape();
		}
		finally {
			running.terminate(Duration.ZERO);
		}
	}

	private static long bucketLines(String scrape, String name) {
		return scrape.lines().filter((line) -> line.startsWith(name + "{")).count();
	}

	@Configuration(proxyBeanMethods = false)
	static class StartsChildrenAtStartupConfiguration {

		@Bean
		ChildProcess startedInABeanMethod(ProcessLauncher launcher) throws IOException {
			return launcher.start(new ProcessBuilder("sleep", "60"), StartOptions.named("from-bean-method"));
		}

		@Bean
		SmartInitializingSingleton startsInAfterSingletonsInstantiated(ProcessLauncher launcher) {
			return () -> {
				try {
					launcher.start(new ProcessBuilder("sleep", "60"),
							StartOptions.named("from-initializing-singleton"));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			};
		}

	}

}
