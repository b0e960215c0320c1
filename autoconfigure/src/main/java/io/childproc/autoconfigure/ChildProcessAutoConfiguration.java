package io.childproc.autoconfigure;

import io.childproc.DefaultProcessLauncher;
import io.childproc.ProcessLauncher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a tracking {@link ProcessLauncher}. Off with
 * {@code childproc.enabled=false}; backs off when the application defines its own
 * launcher. The launcher ends its live children when the context closes. Its children are
 * marked with the application id ({@code spring.application.name} and
 * {@code childproc.instance-group}), so that a later run can find what a killed JVM left.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(ProcessLauncher.class)
	DefaultProcessLauncher processLauncher(ChildProcessProperties properties, Environment environment) {
		String applicationId = properties.applicationId(environment.getProperty("spring.application.name"));
		return new DefaultProcessLauncher(properties.toLauncherSettings().withApplicationId(applicationId),
				ChildProcessProperties::propertyOf);
	}

}
