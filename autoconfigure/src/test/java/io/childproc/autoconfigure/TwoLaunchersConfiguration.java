package io.childproc.autoconfigure;

import java.time.Duration;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with two launchers of its own: {@code ffmpegLauncher} with at most 2
 * live children (and no grace period at shutdown), {@code gitLauncher} with the defaults
 * (no limit).
 */
@Configuration(proxyBeanMethods = false)
class TwoLaunchersConfiguration {

	@Bean(destroyMethod = "close")
	DefaultProcessLauncher ffmpegLauncher() {
		return new DefaultProcessLauncher(
				LauncherSettings.defaults().withMaxLive(2).withShutdownGracePeriod(Duration.ZERO));
	}

	@Bean(destroyMethod = "close")
	DefaultProcessLauncher gitLauncher() {
		return new DefaultProcessLauncher(LauncherSettings.defaults());
	}

}
