package io.childproc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.exit.ExitWatchers;
import io.childproc.internal.exit.PidfdExitWatcher;
import io.childproc.internal.natives.NativeAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * With the pidfd watcher, ending a child (a timeout, {@code terminate()},
 * {@code close()}) signals it through its pidfd, which cannot reach a process that reused
 * its pid: the watcher counts the signals it sent that way.
 */
class PidfdTerminationTests {

	private final List<ChildProcess> started = new ArrayList<>();

	private PidfdExitWatcher watcher;

	private DefaultProcessLauncher launcher;

	@BeforeEach
	void startLauncher() {
		assumeThat(System.getProperty("os.name")).startsWith("Linux");
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		this.watcher = (PidfdExitWatcher) ExitWatchers.select(ExitWatchers.Mode.PIDFD).watcher();
		this.launcher = new DefaultProcessLauncher(LauncherSettings.defaults()
			.withExitWatcher(() -> this.watcher)
			.withShutdownGracePeriod(Duration.ofSeconds(2))
			.withTerminateGracePeriod(Duration.ofSeconds(2)));
	}

	@AfterEach
	void closeLauncher() {
		if (this.launcher != null) {
			this.launcher.close();
		}
		this.started.forEach((child) -> child.process().destroyForcibly());
	}

	@Test
	void aTimeoutSignalsThroughThePidfd() throws Exception {
		ChildProcess child = start("sleep", "60", StartOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));
		ChildProcess exited = child.onExit().get(20, TimeUnit.SECONDS);
		assertThat(exited.exitCode()).hasValue(143);
		assertThat(this.watcher.signalsSent()).isEqualTo(1);
	}

	@Test
	void terminateSignalsThroughThePidfd() throws Exception {
		ChildProcess child = start("sleep", "60", StartOptions.DEFAULTS);
		assertThat(child.terminate(Duration.ofSeconds(2))).isTrue();
		assertThat(child.onExit().get(20, TimeUnit.SECONDS).exitCode()).hasValue(143);
		assertThat(this.watcher.signalsSent()).isEqualTo(1);
	}

	@Test
	void closeSignalsEveryChildThroughItsPidfd() throws Exception {
		List<ChildProcess> children = List.of(start("sleep", "60", StartOptions.DEFAULTS),
				start("sleep", "60", StartOptions.DEFAULTS), start("sleep", "60", StartOptions.DEFAULTS));
		this.launcher.close();
		for (ChildProcess child : children) {
			await().atMost(Duration.ofSeconds(10)).until(() -> !child.process().isAlive());
			assertThat(child.process().exitValue()).isEqualTo(143);
		}
		assertThat(this.watcher.signalsSent()).isEqualTo(3);
	}

	@Test
	void listenersAndExitStagesNeverRunOnTheWatcherThread() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		this.launcher.addListener(new ChildProcessListener() {

			@Override
			public void exited(ChildProcess child) {
				threads.add(Thread.currentThread().getName());
			}

		});
		ChildProcess child = start("sleep", "0", StartOptions.DEFAULTS);
		child.onExit().thenRun(() -> threads.add(Thread.currentThread().getName()));
		await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 2);
		assertThat(threads).noneMatch((name) -> name.contains("pidfd"));
	}

	private ChildProcess start(String program, String argument, StartOptions options) throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder(program, argument), options);
		this.started.add(child);
		return child;
	}

}
