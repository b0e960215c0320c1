package io.childproc.actuate;

import java.time.Duration;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.AfterEach;

/**
 * Gives each test of the {@link ChildrenEndpoint} called directly a launcher of its own,
 * with no background reap and no grace period at shutdown, and closes it after the test.
 */
abstract class AbstractEndpointTests {

	final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapInterval(Duration.ZERO).withShutdownGracePeriod(Duration.ZERO));

	@AfterEach
	void closeLauncher() {
		this.launcher.close();
	}

}
