package io.childproc.autoconfigure;

import java.io.IOException;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.assertj.core.api.ThrowingConsumer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the auto-configuration tests start a context, read it and run a child in it, and
 * what they expect of a context whose start-up fails: a message that names the property
 * the user wrote.
 */
final class StartUp {

	private StartUp() {
	}

	/**
	 * Returns a runner of {@link ChildProcessAutoConfiguration} and the given
	 * auto-configurations.
	 * @param autoConfigurations the others
	 * @return the runner
	 */
	static ApplicationContextRunner childproc(Class<?>... autoConfigurations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ChildProcessAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(autoConfigurations));
	}

	/**
	 * Returns a runner of {@link ChildProcessAutoConfiguration}, the given
	 * auto-configurations and Spring Boot's metrics with a simple registry.
	 * @param autoConfigurations the others
	 * @return the runner
	 */
	static ApplicationContextRunner childprocWithMetrics(Class<?>... autoConfigurations) {
		return childproc(autoConfigurations).withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));
	}

	/**
	 * Checks that the context failed to start for a cause with exactly this message.
	 * @param message the message of the root cause
	 * @return the check
	 */
	static ContextConsumer<AssertableApplicationContext> failsWith(String message) {
		return (context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessage(message);
	}

	/**
	 * Checks that the context failed to start for a cause whose message contains this.
	 * @param message part of the message of the root cause
	 * @return the check
	 */
	static ContextConsumer<AssertableApplicationContext> failsWithMessageContaining(String message) {
		return (context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message);
	}

	/**
	 * Checks that the context failed to start because a property could not be bound.
	 * @param property the property's name
	 * @return the check
	 */
	static ContextConsumer<AssertableApplicationContext> failsToBind(String property) {
		return (context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining("Failed to bind properties under '" + property + "'");
	}

	/**
	 * Returns a runner that also has a Prometheus registry.
	 * @param runner the runner
	 * @return the runner with a Prometheus registry
	 */
	static ApplicationContextRunner withPrometheus(ApplicationContextRunner runner) {
		return runner.withBean(PrometheusMeterRegistry.class,
				() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
	}

	/**
	 * Returns the settings of the context's {@link DefaultProcessLauncher}.
	 * @param context the context
	 * @return the settings
	 */
	static LauncherSettings launcherSettings(ApplicationContext context) {
		return context.getBean(DefaultProcessLauncher.class).settings();
	}

	/**
	 * Runs a check while a {@code sleep 60} child of a launcher runs, and ends the child
	 * at once after it.
	 * @param launcher the launcher
	 * @param check the check
	 * @throws IOException if the child cannot start
	 */
	static void whileASleepRuns(ProcessLauncher launcher, ThrowingConsumer<ChildProcess> check) throws IOException {
		ChildProcess child = launcher.start("sleep", "60");
		try {
			check.accept(child);
		}
		finally {
			child.terminate(Duration.ZERO);
		}
	}

}
