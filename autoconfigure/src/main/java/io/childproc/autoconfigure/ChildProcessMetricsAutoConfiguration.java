package io.childproc.autoconfigure;

import java.util.Map;

import io.childproc.ProcessLauncher;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Auto-configures the {@link ChildProcessMetrics} of every {@link ProcessLauncher} bean
 * ({@link LaunchersMeterBinder}, tag {@code launcher}) when Micrometer is present and a
 * {@link MeterRegistry} bean exists. Spring Boot binds it, like every {@code MeterBinder}
 * bean, to the registries. When the children are observed
 * ({@link ChildProcessObservationAutoConfiguration}), the
 * {@code process.children.duration} timer comes from the Observations instead. Off with
 * {@code childproc.enabled=false}; backs off when the application defines its own
 * {@link ChildProcessMetrics}.
 */
@AutoConfiguration(after = { ChildProcessAutoConfiguration.class, ChildProcessObservationAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ProcessLauncher.class })
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessMetricsAutoConfiguration {

	/**
	 * Runs after Spring Boot's own filter (order 0), which applies the distribution
	 * properties.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	MeterFilter childProcessActiveTimerHistogramFilter(Environment environment) {
		return new ActiveTimerHistogramFilter(environment);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ ChildProcessMetrics.class, LaunchersMeterBinder.class })
	LaunchersMeterBinder childProcessMetrics(Map<String, ProcessLauncher> launchers, ChildProcessProperties properties,
			ObjectProvider<LaunchersObservations> observations) {
		return new LaunchersMeterBinder(launchers, properties.getMetrics().getMaxNames(),
				observations.getIfAvailable() == null);
	}

}
