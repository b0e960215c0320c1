package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.childproc.health.ChildrenHealthCheck;
import io.childproc.health.ChildrenHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link ChildrenHealthIndicator}, shown as the {@code children}
 * health component. Off with {@code management.health.children.enabled=false}. Every
 * {@link ChildrenHealthCheck} bean applies.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ProcessLauncher.class)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildrenHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "childrenHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("children")
	ChildrenHealthIndicator childrenHealthIndicator(ProcessLauncher launcher, ChildProcessProperties properties,
			ObjectProvider<ChildrenHealthCheck> checks) {
		int maxLive = properties.getMaxLive();
		Duration reapInterval = properties.getReap().getInterval();
		if (launcher instanceof DefaultProcessLauncher defaultLauncher) {
			// The application may have built its launcher with other settings than the
			// properties.
			LauncherSettings settings = defaultLauncher.settings();
			maxLive = settings.maxLive();
			reapInterval = settings.reapInterval();
		}
		return new ChildrenHealthIndicator(launcher, maxLive,
				properties.getHealth().effectiveMaxUnreapedAge(reapInterval), checks.orderedStream().toList());
	}

}
