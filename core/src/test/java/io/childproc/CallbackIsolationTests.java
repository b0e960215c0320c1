package io.childproc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.childproc.testsupport.CapturedLog;
import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.Launchers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Listeners and {@code onExit()} stages cannot hurt the launcher, other children or other
 * callers, whatever they throw and however slow they are.
 */
class CallbackIsolationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	final Launchers launchers = new Launchers();

	@RegisterExtension
	final CapturedLog listenersLog = CapturedLog.of(Listeners.class);

	private DefaultProcessLauncher pythonFaithful() {
		return this.launchers.start(LauncherSettings.defaults().withReapInterval(Duration.ZERO));
	}

	@Test
	void anErrorThrownByListenersLeavesTheChildTrackedWatchedAndItsWaitersCompleted() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		launcher.addListener(throwing(new AssertionError("started fails on purpose"),
				new AssertionError("exited fails on purpose")));
		ChildProcess child = launcher.start("sh", "-c", "exit 4");
		assertThat(child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(child);
		assertThat(child.exitCode()).hasValue(4);
		assertThat(launcher.counts().live()).isZero();
		assertThat(launcher.reap()).isOne();
	}

	@Test
	void aVirtualMachineErrorFromAListenerIsRethrownOnlyOnceTheChildIsTrackedAndWatched() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		launcher.addListener(throwing(new OutOfMemoryError("thrown by a listener on purpose"), null));
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> launcher.start("sh", "-c", "exit 6"));
		ChildProcess child = launcher.children().get(0);
		assertThat(child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS).exitCode()).hasValue(6);
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 1, 1, 1, 0));
	}

	@Test
	void aListenerThatThrowsDuringTheBackgroundReapDoesNotStopIt() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapInterval(Duration.ofMillis(50)));
		AtomicBoolean thrown = new AtomicBoolean();
		launcher.addListener(new ChildProcessListener() {

			@Override
			public void reaped(ExitRecord record) {
				if (thrown.compareAndSet(false, true)) {
					throw new AssertionError("reaped fails once on purpose");
				}
			}

		});
		ChildProcess first = launcher.start("true");
		await().atMost(WAIT).until(() -> first.state() == ChildState.REAPED);
		assertThat(thrown).isTrue();
		ChildProcess second = launcher.start("true");
		await().atMost(WAIT).until(() -> second.state() == ChildState.EXITED || second.state() == ChildState.REAPED);
		// No further start: only the background task can reap it.
		await().atMost(Duration.ofSeconds(5)).until(() -> second.state() == ChildState.REAPED);
	}

	@Test
	void theWarningOfAListenerThatFailsOnAReapNamesThePidAndNameButNotTheArguments() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		launcher.addListener(new ChildProcessListener() {

			@Override
			public void reaped(ExitRecord record) {
				throw new IllegalStateException("reaped fails on purpose");
			}

		});
		ChildProcess child = launcher.start("sh", "-c", "exit 0", "sh", "--password=hunter2");
		child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(launcher.reap()).isOne();
		assertThat(this.listenersLog.lines()).singleElement()
			.asString()
			.startsWith("WARNING Listener ")
			.contains("failed in reaped(ExitRecord[pid=" + child.pid() + ", name=sh])")
			.doesNotContain("hunter2");
	}

	@Test
	void eachCallerGetsItsOwnExitFuture() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start("sh", "-c", "read line; exit 3");

		CompletableFuture<ChildProcess> timedOut = child.onExit().orTimeout(200, TimeUnit.MILLISECONDS);
		await().atMost(WAIT).until(timedOut::isDone);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(timedOut::get)
			.withCauseInstanceOf(TimeoutException.class);
		CompletableFuture<ChildProcess> cancelled = child.onExit();
		assertThat(cancelled.cancel(true)).isTrue();
		assertThat(child.onExit().complete(null)).isTrue();
		child.onExit().obtrudeValue(null);
		child.onExit().completeExceptionally(new IllegalStateException("a caller's own business"));
		CompletableFuture<ChildProcess> waiting = child.onExit();
		assertThat(waiting).isNotDone();
		assertThat(child.state()).isEqualTo(ChildState.RUNNING);
		assertThat(launcher.counts().live()).isOne();

		child.process().getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
		child.process().getOutputStream().close();

		assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(child);
		assertThat(child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS).exitCode()).hasValue(3);
		assertThat(cancelled).isCancelled();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(cancelled::join);
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 1, 1, 1, 0));
	}

	@Test
	void stagesRunOnTheCallbackThreadsNeverOnTheThreadThatWatchesExits() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start("sh", "-c", "read line");
		AtomicReference<String> stageThread = new AtomicReference<>();
		CompletableFuture<Void> stage = child.onExit()
			.thenAccept((exited) -> stageThread.set(Thread.currentThread().getName()));
		child.process().getOutputStream().close();
		stage.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(stageThread.get()).startsWith("childproc-callbacks");
	}

	@Test
	void slowStagesWithTwoCommonPoolThreadsHoldUpNoOtherExitNorStartNorClose() throws Exception {
		String output = ChildJvm
			.run(new ProcessBuilder(ChildJvm.java(), "-XX:ActiveProcessorCount=3", "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), SlowStagesMain.class.getName()), Duration.ofSeconds(90))
			.stdout();
		assertThat(output).contains("PARALLELISM 2", "STAGES SLEEPING true", "ADMITTED 2");
		assertThat(output.lines().filter((line) -> line.startsWith("OTHER ")).findFirst())
			.hasValueSatisfying((line) -> assertThat(line).startsWith("OTHER EXITED AFTER MS "));
		String close = output.lines().filter((line) -> line.startsWith("CLOSE MS ")).findFirst().orElseThrow();
		assertThat(close).endsWith(" LIVE 0");
		// One grace period (1 s) plus the kill wait (5 s), and 1 s of slack for a loaded
		// machine (the old code took 13 s).
		assertThat(Long.parseLong(close.split(" ")[2])).as(output).isLessThan(7_000);
	}

	/**
	 * A listener that throws the first error when a child starts and the second, unless
	 * {@code null}, when it exits.
	 */
	private static ChildProcessListener throwing(Error started, @Nullable Error exited) {
		return new ChildProcessListener() {

			@Override
			public void started(ChildProcess child) {
				throw started;
			}

			@Override
			public void exited(ChildProcess child) {
				if (exited != null) {
					throw exited;
				}
			}

		};
	}

}
