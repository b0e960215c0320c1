package io.childproc.autoconfigure;

import io.childproc.DefaultProcessLauncher;
import io.childproc.health.BlockedOutputHealthCheck;
import io.childproc.health.LeftoversHealthCheck;
import io.childproc.health.ZombiesHealthCheck;
import io.childproc.internal.tree.MonitoredLauncher;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.metrics.ProcessTreeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link ProcessTreeMonitor}: the background scan of the JVM's process
 * tree for zombies, escaped descendants and the leftovers of a killed earlier run
 * ({@code childproc.zombies.scan-interval}; leftovers are ended at start-up with
 * {@code childproc.leftovers.end=true}), and, when the JVM is PID 1 or
 * {@code childproc.subreaper.enabled=true}, the reaping of adopted orphans. Off Linux the
 * monitor reports itself unavailable. Backs off when the application defines its own
 * monitor.
 * <p>
 * Where Micrometer or health are present, it adds the monitor's
 * {@link ProcessTreeMetrics} and two checks of the {@code children} health component:
 * lasting zombies ({@link ZombiesHealthCheck}) and the count of children blocked on their
 * output ({@link BlockedOutputHealthCheck}, a detail only); the {@code children} endpoint
 * reads the monitor itself.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessTreeAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ProcessTreeMonitor processTreeMonitor(ObjectProvider<DefaultProcessLauncher> launcher,
			ChildProcessProperties properties) {
		DefaultProcessLauncher defaultLauncher = launcher.getIfUnique();
		MonitoredLauncher children = (defaultLauncher != null) ? defaultLauncher.launchedChildren()
				: MonitoredLauncher.NONE;
		ProcessTreeMonitorSettings settings = new ProcessTreeMonitorSettings(properties.getZombies().getScanInterval(),
				properties.getSubreaper().isEnabled(), properties.getHealth().getMaxZombies(),
				properties.getLeftovers().isEnd(), properties.getTerminate().getGracePeriod());
		return new ProcessTreeMonitor(children, settings);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class ProcessTreeMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProcessTreeMetrics processTreeMetrics(ProcessTreeMonitor monitor) {
			return new ProcessTreeMetrics(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ProcessTreeHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZombiesHealthCheck zombiesHealthCheck(ProcessTreeMonitor monitor) {
			return new ZombiesHealthCheck(monitor);
		}

		@Bean
		@ConditionalOnMissingBean
		BlockedOutputHealthCheck blockedOutputHealthCheck(ProcessTreeMonitor monitor) {
			return new BlockedOutputHealthCheck(monitor);
		}

		@Bean
		@ConditionalOnMissingBean
		LeftoversHealthCheck leftoversHealthCheck(ProcessTreeMonitor monitor) {
			return new LeftoversHealthCheck(monitor);
		}

	}

}
