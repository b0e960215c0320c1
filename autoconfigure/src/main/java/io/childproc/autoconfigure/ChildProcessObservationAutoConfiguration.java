package io.childproc.autoconfigure;

import io.childproc.ProcessLauncher;
import io.childproc.observation.ChildProcessObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures one Observation per child's life for every {@link ProcessLauncher} bean
 * when an {@link ObservationRegistry} bean exists (Spring Boot's
 * {@code ObservationAutoConfiguration} makes one): with Spring Boot's metrics it gives
 * the {@code process.children.duration} timer, with tracing a span per child under the
 * span that started it. A {@link ChildProcessObservationConvention} bean replaces the
 * default convention. Off with {@code childproc.enabled=false}.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, ProcessLauncher.class })
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessObservationAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LaunchersObservations childProcessObservations(ObservationRegistry registry,
			ObjectProvider<ChildProcessObservationConvention> convention, ChildProcessProperties properties,
			Environment environment) {
		// An Observation has no caller to authorize: the tail of a failed child's
		// standard error is in it only when values are shown to everybody.
		boolean showValues = "always"
			.equalsIgnoreCase(environment.getProperty("management.endpoint.children.show-values", "never"));
		return new LaunchersObservations(registry, properties.getMetrics().getMaxNames(), convention.getIfUnique(),
				showValues);
	}

	@Bean
	static ObserveLaunchersAtCreation childProcessLaunchersObserver(ObjectProvider<LaunchersObservations> observations,
			ListableBeanFactory beanFactory) {
		return new ObserveLaunchersAtCreation(observations, beanFactory);
	}

}
