package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ProcessLauncher;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildProcessMetricsAutoConfiguration}.
 */
class ChildProcessMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChildProcessAutoConfiguration.class,
				ChildProcessMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void bindsTheMetersOfTheLauncherToTheRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChildProcessMetrics.class);
			ChildProcess child = context.getBean(ProcessLauncher.class).start("true");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("process.children.exited").functionCounter().count() == 1);
			assertThat(registry.get("process.children.live").gauge().value()).isZero();
			assertThat(child.exitCode()).hasValue(0);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnMetrics() {
		this.contextRunner.withUserConfiguration(UserMetricsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ChildProcessMetrics.class);
			assertThat(context).hasBean("userMetrics");
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ChildProcessAutoConfiguration.class,
					ChildProcessMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ChildProcessMetrics.class)
				.hasSingleBean(ProcessLauncher.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer."))
			.run((context) -> assertThat(context).doesNotHaveBean(ChildProcessMetrics.class)
				.hasSingleBean(ProcessLauncher.class));
	}

	@Test
	void backsOffWhenChildprocIsDisabled() {
		this.contextRunner.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChildProcessMetrics.class)
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
