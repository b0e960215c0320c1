package io.childproc.testsupport;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.Pipe;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test kit closes what it gave and fails on what a test left: a process, a pipe, a
 * launcher thread. Drives the extension's callbacks by hand, as JUnit would around a
 * test.
 */
class LaunchersTests {

	// The failures below come only once the wait is over: a short one.
	private final Launchers kit = new Launchers(Duration.ofSeconds(5));

	@Test
	void closesTheLaunchersItGaveAndTheirChildren() throws IOException {
		this.kit.beforeEach(null);
		DefaultProcessLauncher launcher = this.kit.start(LauncherSettings.defaults());
		ChildProcess child = launcher.start("sleep", "60");
		assertThatNoException().isThrownBy(() -> this.kit.afterEach(null));
		assertThat(child.process().isAlive()).isFalse();
	}

	@Test
	void failsOnAProcessLeftBehind() throws IOException {
		this.kit.beforeEach(null);
		Process stray = new ProcessBuilder("sleep", "60").redirectOutput(Redirect.DISCARD)
			.redirectError(Redirect.DISCARD)
			.redirectInput(Redirect.from(new java.io.File("/dev/null")))
			.start();
		try {
			assertThatThrownBy(() -> this.kit.afterEach(null)).hasMessageContaining("Processes left behind")
				.hasMessageContaining(Long.toString(stray.pid()));
		}
		finally {
			stray.destroyForcibly();
		}
	}

	@Test
	void failsOnAPipeLeftOpen() throws IOException {
		this.kit.beforeEach(null);
		Pipe pipe = Pipe.open();
		try {
			assertThatThrownBy(() -> this.kit.afterEach(null)).hasMessageContaining("open pipe descriptors");
		}
		finally {
			pipe.source().close();
			pipe.sink().close();
		}
	}

	@Test
	void failsOnALauncherLeftOpen() {
		this.kit.beforeEach(null);
		DefaultProcessLauncher notFromTheKit = new DefaultProcessLauncher(LauncherSettings.defaults());
		try {
			assertThatThrownBy(() -> this.kit.afterEach(null)).hasMessageContaining("launcher threads left")
				.hasMessageContaining("childproc-");
		}
		finally {
			notFromTheKit.close();
		}
	}

}
