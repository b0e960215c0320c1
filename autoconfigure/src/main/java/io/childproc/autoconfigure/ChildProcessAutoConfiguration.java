package io.childproc.autoconfigure;

import io.childproc.DefaultProcessLauncher;
import io.childproc.ProcessLauncher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a tracking {@link ProcessLauncher}. Off with
 * {@code childproc.enabled=false}; backs off when the application defines its own
 * launcher. The launcher ends its live children when the context closes.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(ProcessLauncher.class)
	DefaultProcessLauncher processLauncher(ChildProcessProperties properties) {
		return new DefaultProcessLauncher(properties.toLauncherSettings());
	}

}
