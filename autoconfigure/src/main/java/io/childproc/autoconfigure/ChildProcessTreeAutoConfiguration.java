package io.childproc.autoconfigure;

import io.childproc.DefaultProcessLauncher;
import io.childproc.os.LaunchedChildren;
import io.childproc.os.ProcessTreeMonitor;
import io.childproc.os.ProcessTreeMonitorSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link ProcessTreeMonitor}: the background scan of the JVM's process tree for zombies and
 * escaped descendants ({@code childproc.zombies.scan-interval}), and, when the JVM is PID 1 or
 * {@code childproc.subreaper.enabled=true}, the reaping of adopted orphans. Off Linux the monitor reports itself
 * unavailable. Backs off when the application defines its own monitor.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChildProcessProperties.class)
public final class ChildProcessTreeAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ProcessTreeMonitor processTreeMonitor(ObjectProvider<DefaultProcessLauncher> launcher,
			ChildProcessProperties properties) {
		DefaultProcessLauncher defaultLauncher = launcher.getIfUnique();
		LaunchedChildren children = (defaultLauncher != null) ? defaultLauncher.launchedChildren()
				: LaunchedChildren.NONE;
		ProcessTreeMonitorSettings settings = new ProcessTreeMonitorSettings(
				properties.getZombies().getScanInterval(), properties.getSubreaper().isEnabled(),
				properties.getHealth().getMaxZombies());
		return new ProcessTreeMonitor(children, settings);
	}

}
