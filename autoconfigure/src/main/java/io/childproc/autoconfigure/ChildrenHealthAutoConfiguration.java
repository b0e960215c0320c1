package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.childproc.health.ChildrenHealthCheck;
import io.childproc.health.ChildrenHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link ChildrenHealthIndicator}, shown as the {@code children} health
 * component; with several {@link ProcessLauncher} beans, one indicator per launcher under
 * {@code children}, keyed by bean name (as Spring Boot does for several data sources).
 * Off with {@code management.health.children.enabled=false} or
 * {@code childproc.enabled=false}. Every {@link ChildrenHealthCheck} bean applies to each
 * indicator.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ProcessLauncher.class)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildrenHealthAutoConfiguration
		extends CompositeHealthContributorConfiguration<ChildrenHealthIndicator, ProcessLauncher> {

	ChildrenHealthAutoConfiguration(ChildProcessProperties properties, ObjectProvider<ChildrenHealthCheck> checks) {
		super((launcher) -> indicator(launcher, properties, checks.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean(name = { "childrenHealthIndicator", "childrenHealthContributor" })
	@ConditionalOnEnabledHealthIndicator("children")
	HealthContributor childrenHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, ProcessLauncher.class);
	}

	private static ChildrenHealthIndicator indicator(ProcessLauncher launcher, ChildProcessProperties properties,
			List<ChildrenHealthCheck> checks) {
		int maxLive = properties.getMaxLive();
		Duration reapInterval = properties.getReap().getInterval();
		boolean reapOnExit = properties.getReap().isOnExit();
		if (launcher instanceof DefaultProcessLauncher defaultLauncher) {
			// The application may have built its launcher with other settings than the
			// properties.
			LauncherSettings settings = defaultLauncher.settings();
			maxLive = settings.maxLive();
			reapInterval = settings.reapInterval();
			reapOnExit = settings.reapOnExit();
		}
		return new ChildrenHealthIndicator(launcher, maxLive,
				properties.getHealth().effectiveMaxUnreapedAge(reapInterval, reapOnExit), checks);
	}

}
