package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.health.ChildrenHealthIndicator;
import io.childproc.internal.exit.ExitWatchers;
import io.childproc.internal.natives.NativeAccess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@code childproc.exit-watcher} in {@link ChildProcessAutoConfiguration}.
 */
class ExitWatcherAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc();

	@Test
	void exitWatcherJdkIsHonoured() {
		this.contextRunner.withPropertyValues("childproc.exit-watcher=jdk")
			.run((context) -> assertThat(context.getBean(DefaultProcessLauncher.class).exitWatcherName())
				.isEqualTo("jdk"));
	}

	@Test
	void exitWatcherPidfdIsHonouredWherePidfdsWork() {
		assumeThat(System.getProperty("os.name")).startsWith("Linux");
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		this.contextRunner.withPropertyValues("childproc.exit-watcher=PIDFD")
			.run((context) -> assertThat(context.getBean(DefaultProcessLauncher.class).exitWatcherName())
				.isEqualTo("pidfd"));
	}

	@Test
	void theEndpointAndTheHealthDetailsNameTheWatcher() {
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withExitWatcher(ExitWatchers.of(ExitWatchers.Mode.JDK)))) {
			ChildrenEndpoint endpoint = new ChildrenEndpoint(launcher, List.of(), Show.NEVER, Set.of(), Duration.ZERO,
					List.of());
			assertThat(endpoint.children(SecurityContext.NONE).contributed()).containsEntry("exitWatcher", "jdk");
			ChildrenHealthIndicator health = new ChildrenHealthIndicator(launcher, 0, Duration.ofMinutes(1), List.of());
			assertThat(health.health().getDetails()).containsEntry("exitWatcher", "jdk");
		}
	}

	@Test
	void anUnknownExitWatcherFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.exit-watcher=epoll")
			.run(StartUp.failsToBind("childproc.exit-watcher"));
	}

}
