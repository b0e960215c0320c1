package io.childproc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.childproc.testsupport.Launchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Children that time out together, or are live at close, are ended together; a child
 * started while the launcher closes is ended too.
 */
class TimeoutAndCloseTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * A child whose whole tree ignores SIGTERM (an ignored signal stays ignored across
	 * exec).
	 */
	private static final String[] STUBBORN = { "sh", "-c", "trap '' TERM; sleep 300" };

	@RegisterExtension
	final Launchers launchers = new Launchers();

	@Test
	void childrenThatTimeOutTogetherAreEndedTogetherAndTheBackgroundReapKeepsItsPace() throws IOException {
		DefaultProcessLauncher launcher = this.launchers.start(LauncherSettings.defaults()
			.withReapInterval(Duration.ofMillis(100))
			.withTerminateGracePeriod(Duration.ofSeconds(2))
			.withShutdownGracePeriod(Duration.ZERO));
		StartOptions oneSecond = StartOptions.named("stubborn").withTimeout(Duration.ofSeconds(1));
		// Times out with the others but dies of SIGTERM: once it has exited, the others
		// are in their grace period.
		ChildProcess yielding = launcher.start(new ProcessBuilder("/bin/sleep", "300"), oneSecond);
		List<ChildProcess> stubborn = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			stubborn.add(launcher.start(new ProcessBuilder(STUBBORN), oneSecond));
		}
		long started = System.nanoTime();
		await().atMost(WAIT).until(() -> yielding.state() != ChildState.RUNNING);

		ChildProcess quick = launcher.start("true");
		await().atMost(WAIT).until(() -> quick.state() != ChildState.RUNNING);
		long exited = System.nanoTime();
		await().atMost(Duration.ofSeconds(1)).until(() -> quick.state() == ChildState.REAPED);
		assertThat(Duration.ofNanos(System.nanoTime() - exited)).as("reaped by the background task meanwhile")
			.isLessThan(Duration.ofSeconds(1));

		await().atMost(WAIT).until(() -> stubborn.stream().noneMatch((child) -> child.state() == ChildState.RUNNING));
		// Timeout 1 s + grace 2 s + about 1 s, for all eight together (one after another
		// took 1 s + 8 x 2 s); 2 s of slack for a loaded machine.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("all eight ended")
			.isLessThan(Duration.ofSeconds(1 + 2 + 2));
		assertThat(stubborn).allSatisfy((child) -> assertThat(child.exitCode()).hasValue(137));
		await().atMost(WAIT).until(() -> launcher.recentExits().size() == 10);
		assertThat(launcher.recentExits()).filteredOn((exit) -> exit.name().equals("stubborn"))
			.extracting(ExitRecord::outcome)
			.containsOnly(Outcome.TIMEOUT)
			.hasSize(9);
	}

	@Test
	void closeEndsAllLiveChildrenWithinOneGracePeriodPlusTheKillWait() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(1)));
		List<ChildProcess> stubborn = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			stubborn.add(launcher.start(STUBBORN));
		}
		long closing = System.nanoTime();
		launcher.close();
		// Grace 1 s + kill wait 5 s, for all eight together; 1 s of slack for a loaded
		// machine.
		assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(1 + 5 + 1));
		assertThat(stubborn).allSatisfy((child) -> assertThat(child.state()).isEqualTo(ChildState.REAPED));
		assertThat(launcher.counts().live()).isZero();
	}

	@Test
	void childStartedWhileCloseRunsIsEndedByIt(@TempDir Path temp) throws Exception {
		DefaultProcessLauncher launcher = this.launchers.start(LauncherSettings.defaults()
			.withReapInterval(Duration.ZERO)
			.withShutdownGracePeriod(Duration.ofSeconds(1)));
		// Opening a FIFO for reading blocks until a writer opens it: the start is
		// admitted
		// and then held inside ProcessBuilder.start() until the test lets it go on.
		Path fifo = temp.resolve("stdin");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
		ProcessBuilder builder = new ProcessBuilder("/bin/sleep", "60").redirectInput(fifo.toFile());
		AtomicReference<Object> startResult = new AtomicReference<>();
		Thread starter = new Thread(() -> {
			try {
				startResult.set(launcher.start(builder));
			}
			catch (IOException ex) {
				startResult.set(ex);
			}
		});
		starter.start();
		await().atMost(WAIT).until(() -> isOpeningAFile(starter));

		Thread closer = new Thread(launcher::close);
		closer.start();
		await().atMost(WAIT)
			.until(() -> closer.getState() == Thread.State.TIMED_WAITING
					|| closer.getState() == Thread.State.TERMINATED);
		try (FileOutputStream writer = new FileOutputStream(fifo.toFile())) {
			starter.join(WAIT.toMillis());
			closer.join(WAIT.toMillis());
		}

		assertThat(starter.isAlive()).isFalse();
		assertThat(closer.isAlive()).isFalse();
		if (startResult.get() instanceof ChildProcess child) {
			assertThat(child.process().isAlive()).as("the child started while close() ran").isFalse();
			assertThat(child.state()).isNotEqualTo(ChildState.RUNNING);
		}
		else {
			assertThat((Throwable) startResult.get()).isInstanceOf(ChildProcessStartException.class)
				.hasMessageContaining("closed");
		}
		assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
			.noneMatch((handle) -> handle.info().commandLine().orElse("").contains("sleep 60") && !isZombie(handle));
		assertThat(launcher.counts().live()).isZero();
	}

	private static boolean isOpeningAFile(Thread thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals("java.io.FileInputStream"));
	}

	private static boolean isZombie(ProcessHandle handle) {
		return io.childproc.testsupport.ProcStat.isZombie(handle);
	}

}
