package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.DefaultProcessLauncher;
import io.childproc.health.BlockedOutputHealthCheck;
import io.childproc.health.ZombiesHealthCheck;
import io.childproc.internal.tree.MonitoredLauncher;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.metrics.ProcessTreeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.childproc.autoconfigure.StartUp.launcherSettings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildProcessTreeAutoConfiguration}.
 */
class ChildProcessTreeAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc(ChildProcessTreeAutoConfiguration.class);

	@Test
	void monitorIsAutoConfiguredWithTheDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProcessTreeMonitor.class);
			ProcessTreeMonitorSettings settings = context.getBean(ProcessTreeMonitor.class).settings();
			assertThat(settings.scanInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.subreaper()).isFalse();
			assertThat(settings.maxZombies()).isEqualTo(25);
			assertThat(launcherSettings(context).killEscaped()).isTrue();
		});
	}

	@Test
	void monitorHonoursItsProperties() {
		this.contextRunner
			.withPropertyValues("childproc.zombies.scan-interval=0", "childproc.health.max-zombies=3",
					"childproc.shutdown.kill-escaped=false")
			.run((context) -> {
				ProcessTreeMonitorSettings settings = context.getBean(ProcessTreeMonitor.class).settings();
				assertThat(settings.scanInterval()).isZero();
				assertThat(settings.maxZombies()).isEqualTo(3);
				assertThat(launcherSettings(context).killEscaped()).isFalse();
			});
	}

	@Test
	void monitorWatchesTheAutoConfiguredLaunchersChildren() {
		this.contextRunner.withPropertyValues("childproc.zombies.scan-interval=0").run((context) -> {
			DefaultProcessLauncher launcher = context.getBean(DefaultProcessLauncher.class);
			ProcessTreeMonitor monitor = context.getBean(ProcessTreeMonitor.class);
			if (monitor.available()) {
				long pid = launcher.start("sleep", "30").pid();
				assertThat(monitor.scan().descendants())
					.anySatisfy((process) -> assertThat(process.pid()).isEqualTo(pid));
			}
		});
	}

	@Test
	void metersAndHealthCheckOfTheMonitorAreAutoConfigured() {
		StartUp.childprocWithMetrics(ChildProcessTreeAutoConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProcessTreeMetrics.class)
				.hasSingleBean(ZombiesHealthCheck.class)
				.hasSingleBean(BlockedOutputHealthCheck.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("process.children.zombies").gauge().value()).isZero();
			assertThat(registry.get("process.children.blocked").gauge().value()).isZero();
			assertThat(registry.get("process.children.orphans.reaped").functionCounter().count()).isZero();
			// Each scan, background or asked for, is timed.
			long before = registry.get("process.children.scan").timer().count();
			context.getBean(ProcessTreeMonitor.class).scan();
			assertThat(registry.get("process.children.scan").timer().count()).isGreaterThan(before);
		});
	}

	@Test
	void metersAreNotAutoConfiguredWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ProcessTreeMetrics.class)
			.hasSingleBean(ProcessTreeMonitor.class));
	}

	@Test
	void monitorBacksOffWhenTheApplicationDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomMonitorConfiguration.class)
			.run((context) -> assertThat(context).getBean(ProcessTreeMonitor.class)
				.isSameAs(context.getBean("customMonitor")));
	}

	@Test
	void monitorIsOffWhenChildprocIsDisabled() {
		this.contextRunner.withPropertyValues("childproc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProcessTreeMonitor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMonitorConfiguration {

		@Bean(destroyMethod = "close")
		ProcessTreeMonitor customMonitor() {
			return new ProcessTreeMonitor(MonitoredLauncher.NONE,
					ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO));
		}

	}

}
