package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every childproc auto-configuration together, without the actuator, Spring Boot's health
 * and Micrometer on the class path: the observability parts back off and the launcher
 * still works.
 */
class ChildProcessAutoConfigurationWithoutOptionalLibrariesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ChildProcessAutoConfiguration.class, ChildProcessMetricsAutoConfiguration.class,
						ChildrenEndpointAutoConfiguration.class, ChildrenHealthAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=*")
		.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.",
				"org.springframework.boot.health.", "org.springframework.boot.micrometer.", "io.micrometer."));

	@Test
	void launcherStartsAndReapsChildrenWithoutActuatorOrMicrometer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ProcessLauncher.class)
				.doesNotHaveBean("childProcessMetrics")
				.doesNotHaveBean("childrenEndpoint")
				.doesNotHaveBean("childrenHealthContributor");
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			ChildProcess child = launcher.start("sh", "-c", "exit 5");
			await().atMost(Duration.ofSeconds(10)).until(() -> launcher.counts().unreaped() == 1);
			assertThat(launcher.reap()).isEqualTo(1);
			assertThat(launcher.recentExits()).singleElement()
				.satisfies((exit) -> assertThat(exit.pid()).isEqualTo(child.pid()))
				.satisfies((exit) -> assertThat(exit.exitCode()).isEqualTo(5));
		});
	}

}
