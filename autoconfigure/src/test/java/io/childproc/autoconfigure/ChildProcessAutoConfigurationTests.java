package io.childproc.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ChildProcessStartException;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.childproc.autoconfigure.StartUp.failsToBind;
import static io.childproc.autoconfigure.StartUp.failsWith;
import static io.childproc.autoconfigure.StartUp.launcherSettings;
import static io.childproc.autoconfigure.StartUp.whileASleepRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ChildProcessAutoConfiguration}.
 */
class ChildProcessAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc();

	@Test
	void aRefusalAtTheLiveLimitNamesThePropertyTheUserWrote() {
		this.contextRunner.withPropertyValues("childproc.max-live=1").run((context) -> {
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			whileASleepRuns(launcher,
					(running) -> assertThatExceptionOfType(ChildProcessStartException.class)
						.isThrownBy(() -> launcher.start("sleep", "60"))
						.withMessage("Cannot start [sleep]: 1 children are live, the limit childproc.max-live is 1; "
								+ "wait for a child to exit or raise childproc.max-live"));
		});
	}

	@Test
	void everyLauncherSettingIsNamedByAPropertyThatExists() throws Exception {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		for (String setting : new String[] { "reapOnExit", "reapInterval", "maxLive", "historySize",
				"shutdownGracePeriod", "terminateGracePeriod", "killEscaped", "exitWatcher" }) {
			String property = ChildProcessProperties.propertyOf(setting);
			assertThat(property).as(setting).isNotNull();
			assertThat(metadata).as(setting).contains("\"name\": \"" + property + "\"");
		}
	}

	@Test
	void launcherIsAutoConfiguredWithTheDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProcessLauncher.class);
			LauncherSettings settings = launcherSettings(context);
			assertThat(settings.reapOnExit()).isFalse();
			assertThat(settings.reapInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.maxLive()).isZero();
			assertThat(settings.historySize()).isEqualTo(100);
			assertThat(settings.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.terminateGracePeriod()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void propertiesAreBound() {
		this.contextRunner
			.withPropertyValues("childproc.reap.on-exit=true", "childproc.reap.interval=0", "childproc.max-live=7",
					"childproc.history.size=3", "childproc.shutdown.grace-period=2s",
					"childproc.terminate.grace-period=500ms")
			.run((context) -> {
				LauncherSettings settings = launcherSettings(context);
				assertThat(settings.reapOnExit()).isTrue();
				assertThat(settings.reapInterval()).isZero();
				assertThat(settings.maxLive()).isEqualTo(7);
				assertThat(settings.historySize()).isEqualTo(3);
				assertThat(settings.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.terminateGracePeriod()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void launcherBacksOffWhenTheApplicationDefinesItsOwn() {
		this.contextRunner.withUserConfiguration(UserLauncherConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProcessLauncher.class);
			assertThat(context).getBean("myLauncher").isSameAs(context.getBean(ProcessLauncher.class));
		});
	}

	@Test
	void everythingIsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProcessLauncher.class)
				.doesNotHaveBean(ChildProcessProperties.class));
	}

	@Test
	void negativeReapIntervalFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.reap.interval=-1s")
			.run(failsWith(
					"childproc.reap.interval must not be negative, was PT-1S (0 turns the background reap off)"));
	}

	@Test
	void negativeHistorySizeFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.history.size=-1")
			.run(failsWith("childproc.history.size must be 0 to 100000, was -1 (each record holds a command line: "
					+ "use the meters for longer history)"));
	}

	@Test
	void negativeMaxLiveFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.max-live=-2")
			.run(failsWith("childproc.max-live must be 0 (no limit) or more, was -2"));
	}

	@Test
	void nonsenseDurationFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.shutdown.grace-period=soon")
			.run(failsToBind("childproc.shutdown.grace-period").andThen((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("'soon' is not a valid duration")));
	}

	@Test
	void closingTheContextEndsLiveChildren() {
		ChildProcess[] started = new ChildProcess[1];
		this.contextRunner.withPropertyValues("childproc.shutdown.grace-period=1s").run((context) -> {
			started[0] = context.getBean(ProcessLauncher.class).start("/bin/sleep", "60");
			assertThat(started[0].process().isAlive()).isTrue();
		});
		assertThat(started[0].process().isAlive()).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLauncherConfiguration {

		@Bean(destroyMethod = "close")
		DefaultProcessLauncher myLauncher() {
			return new DefaultProcessLauncher();
		}

	}

}
