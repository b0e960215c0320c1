package io.childproc.autoconfigure;

import io.childproc.ProcessLauncher;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link ChildProcessMetrics} of the {@link ProcessLauncher} when
 * Micrometer is present and a {@link MeterRegistry} bean exists. Spring Boot binds it,
 * like every {@code MeterBinder} bean, to the registries.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ProcessLauncher.class })
public final class ChildProcessMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChildProcessMetrics childProcessMetrics(ProcessLauncher launcher) {
		return new ChildProcessMetrics(launcher);
	}

}
