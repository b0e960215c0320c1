package io.childproc.internal.tree;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ExitRecord;
import io.childproc.LauncherSettings;
import io.childproc.Outcome;
import io.childproc.StartOptions;
import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.exit.JdkExitWatcher;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that ending a child ends its whole process tree, its escaped descendants, and
 * nothing else.
 */
class ProcessTreeTerminationTests {

	private static final ProcessTable table = Processes.table;

	/** A shell that, on SIGTERM, starts a long sleep in the background and exits. */
	private static final String SPAWNS_ON_SIGTERM = "trap 'sleep 300 & exit 0' TERM; while :; do sleep 0.2; done";

	/**
	 * Short grace periods: the children here end on SIGTERM or are meant to be killed.
	 */
	private static final LauncherSettings SETTINGS = LauncherSettings.defaults()
		.withShutdownGracePeriod(Duration.ofSeconds(2))
		.withTerminateGracePeriod(Duration.ofSeconds(1));

	private DefaultProcessLauncher launcher;

	private Process stranger;

	@BeforeEach
	void startLauncher() {
		Processes.assumeLinux();
		this.launcher = new DefaultProcessLauncher(SETTINGS);
	}

	@AfterEach
	void closeAndKillWhatIsLeft() throws Exception {
		if (this.launcher != null) {
			this.launcher.close();
			Processes.killMarked(this.launcher.ownerId());
		}
		if (this.stranger != null) {
			this.stranger.destroyForcibly().waitFor();
		}
	}

	@Test
	void terminatingAChildWhoseTreeIsThreeLevelsDeepLeavesNoneOfIt() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "sh -c 'sleep 63 & sleep 62' & sleep 61");
		ProcessInfo root = table.process(child.pid()).orElseThrow();
		List<ProcessInfo> tree = await().atMost(Duration.ofSeconds(5))
			.until(() -> table.descendants(child.pid()),
					(found) -> found.stream()
						.map(ProcessInfo::commandLine)
						.toList()
						.containsAll(List.of("sleep 61", "sleep 62", "sleep 63")));
		assertThat(tree).anySatisfy((level3) -> assertThat(level3.ppid()).isNotEqualTo(child.pid()));
		assertThat(child.terminate(Duration.ofSeconds(2))).isTrue();
		assertThat(tree).allMatch(Processes::hasEnded);
		assertThat(Processes.hasEnded(root)).isTrue();
	}

	@Test
	void processesThatIgnoreSigtermAreKilledAfterTheGracePeriod() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "trap '' TERM; sleep 61 & sleep 62");
		List<ProcessInfo> tree = awaitDescendants(child, 2);
		long began = System.nanoTime();
		assertThat(child.terminate(Duration.ofMillis(300))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(tree).allMatch(Processes::hasEnded);
	}

	@Test
	void timeoutEndsTheWholeTreeWithOutcomeTimeout() throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 61 & sleep 62"),
				StartOptions.named("slow").withTimeout(Duration.ofMillis(1500)));
		List<ProcessInfo> tree = awaitDescendants(child, 2);
		child.onExit()
			.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);
		this.launcher.reap();
		ExitRecord record = this.launcher.recentExits().get(0);
		assertThat(record.pid()).isEqualTo(child.pid());
		assertThat(record.outcome()).isEqualTo(Outcome.TIMEOUT);
		await().atMost(Duration.ofSeconds(5)).until(() -> Processes.allEnded(tree));
	}

	@Test
	void setsidEscapeeIsEndedWhenItsChildIsTerminated() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "setsid -f sleep 61; exec sleep 60");
		ProcessInfo escapee = awaitEscapee();
		assertThat(table.descendants(ProcessHandle.current().pid())).noneMatch(escapee::isSameProcessAs);
		assertThat(child.terminate(Duration.ofSeconds(2))).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> Processes.hasEnded(escapee));
	}

	@Test
	void setsidEscapeeIsEndedAtClose() throws Exception {
		this.launcher.start("sh", "-c", "setsid -f sleep 61; exit 0");
		ProcessInfo escapee = awaitEscapee();
		this.launcher.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> Processes.hasEnded(escapee));
	}

	@Test
	void escapeeIsLeftAloneWhenKillEscapedIsOff() throws Exception {
		this.launcher.close();
		this.launcher = new DefaultProcessLauncher(LauncherSettings.defaults().withKillEscaped(false));
		this.launcher.start("sh", "-c", "setsid -f sleep 61; exit 0");
		ProcessInfo escapee = awaitEscapee();
		this.launcher.close();
		assertThat(Processes.hasEnded(escapee)).isFalse();
		// The safety net in @AfterEach kills it.
	}

	@Test
	void aProcessSpawnedInReactionToSigtermIsEndedByTerminate() throws Exception {
		ChildProcess child = startTrapper();
		assertThat(child.terminate(Duration.ofSeconds(1))).isTrue();
		assertThat(spawnedOnSigterm()).isEmpty();
	}

	@Test
	void aProcessSpawnedInReactionToSigtermIsEndedByATimeout() throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", SPAWNS_ON_SIGTERM),
				StartOptions.named("trapper").withTimeout(Duration.ofMillis(500)));
		awaitTrapSet(child);
		child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
		// The child's exit is seen before the termination is over: wait for it (each look
		// reads every process's environment, slow on a loaded machine).
		await().atMost(Duration.ofSeconds(30)).until(() -> spawnedOnSigterm().isEmpty());
	}

	@Test
	void aProcessSpawnedInReactionToSigtermIsEndedAtClose() throws Exception {
		startTrapper();
		this.launcher.close();
		assertThat(spawnedOnSigterm()).isEmpty();
	}

	@Test
	void aProcessSpawnedInReactionToSigtermIsEndedAtCloseEvenWithKillEscapedOff() throws Exception {
		this.launcher.close();
		this.launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withKillEscaped(false).withShutdownGracePeriod(Duration.ofSeconds(1)));
		startTrapper();
		this.launcher.close();
		assertThat(spawnedOnSigterm()).isEmpty();
	}

	@Test
	void aRootWithAWatchIsSignalledThroughItAndNotByItsPid() throws Exception {
		Process root = startStranger();
		// Stands for a pidfd: takes SIGTERM without passing it on, passes SIGKILL on.
		RecordingWatch watch = new RecordingWatch((signal) -> {
			if (signal == 9) {
				root.destroyForcibly();
			}
			return true;
		});
		assertThat(terminateAlone(root, watch, Duration.ofMillis(200))).isTrue();
		assertThat(watch.sent).containsExactly(15, 9);
		// A SIGTERM by pid would have ended it with 143.
		assertThat(root.waitFor()).isEqualTo(137);
	}

	@Test
	void aRootWhoseWatchCannotSignalIsSignalledByItsPid() throws Exception {
		Process root = startStranger();
		RecordingWatch watch = new RecordingWatch((signal) -> false);
		assertThat(terminateAlone(root, watch, Duration.ofSeconds(5))).isTrue();
		assertThat(watch.sent).containsExactly(15);
		assertThat(root.waitFor()).isEqualTo(143);
	}

	@Test
	void theLauncherSignalsItsChildrenThroughTheirWatchOnTerminateAndAtClose() throws Exception {
		this.launcher.close();
		List<String> sent = new CopyOnWriteArrayList<>();
		this.launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withExitWatcher(() -> new SignallingWatcher(sent)));
		ChildProcess terminated = this.launcher.start("sleep", "61");
		ChildProcess closed = this.launcher.start("sleep", "62");
		assertThat(terminated.terminate(Duration.ofSeconds(2))).isTrue();
		assertThat(sent).containsExactly(terminated.pid() + ":15");
		this.launcher.close();
		assertThat(sent).containsExactly(terminated.pid() + ":15", closed.pid() + ":15");
		assertThat(closed.process().waitFor()).isEqualTo(143);
	}

	@Test
	void pidReusedByAnotherProcessIsNotSignalled() throws Exception {
		this.stranger = new ProcessBuilder("sleep", "60").start();
		ProcessInfo real = awaitProcess(this.stranger.pid());
		// What a stale record of an earlier process that had the same pid looks like:
		// another start time.
		ProcessInfo stale = new ProcessInfo(real.pid(), real.ppid(), real.state(), real.command(),
				real.startTime() - 1);
		ProcessTreeTerminator terminator = new ProcessTreeTerminator(table);
		assertThat(terminator.handleOf(stale)).isEmpty();
		assertThat(terminator.terminate(List.of(stale), Duration.ZERO)).isZero();
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(this.stranger::isAlive);
		// The same call with the true start time does end it.
		assertThat(terminator.terminate(List.of(real), Duration.ZERO)).isOne();
		assertThat(this.stranger.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Starts a {@code sleep} that is not the launcher's; {@code @AfterEach} kills it.
	 */
	private Process startStranger() throws IOException {
		this.stranger = new ProcessBuilder("sleep", "61").start();
		return this.stranger;
	}

	/**
	 * Terminates one root, with no escaped processes, killing after the grace period.
	 * @return whether it ended
	 */
	private static boolean terminateAlone(Process root, ExitWatcher.Watch watch, Duration grace) {
		return new ProcessTreeTerminator(table).terminate(List.of(new TerminationRoot(root.toHandle(), watch)),
				List::of, true, grace);
	}

	/**
	 * Starts {@link #SPAWNS_ON_SIGTERM} and waits until its trap is set.
	 */
	private ChildProcess startTrapper() throws IOException {
		ChildProcess child = this.launcher.start("sh", "-c", SPAWNS_ON_SIGTERM);
		awaitTrapSet(child);
		return child;
	}

	/**
	 * Waits until the shell runs its loop, so its trap is set.
	 */
	private void awaitTrapSet(ChildProcess child) {
		await().atMost(Duration.ofSeconds(5)).until(() -> table.descendants(child.pid()), (tree) -> !tree.isEmpty());
	}

	/**
	 * Returns the running processes that carry this launcher's mark and were spawned by
	 * the SIGTERM trap of {@link #SPAWNS_ON_SIGTERM}.
	 */
	private List<ProcessInfo> spawnedOnSigterm() {
		return table.findByEnvironment(Mark.OWNER_VARIABLE, this.launcher.ownerId(), null)
			.stream()
			.map(MarkedProcess::process)
			.filter((process) -> process.commandLine().equals("sleep 300") && !process.state().hasEnded())
			.toList();
	}

	private List<ProcessInfo> awaitDescendants(ChildProcess child, int count) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> table.descendants(child.pid()), (tree) -> tree.size() >= count);
	}

	private ProcessInfo awaitEscapee() {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> table.findByEnvironment(Mark.OWNER_VARIABLE, this.launcher.ownerId(), null)
				.stream()
				.map(MarkedProcess::process)
				.filter((process) -> process.commandLine().equals("sleep 61")
						&& process.ppid() != ProcessHandle.current().pid())
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

	private static ProcessInfo awaitProcess(long pid) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> table.process(pid), (info) -> info.isPresent() && info.get().commandLine().equals("sleep 60"))
			.orElseThrow();
	}

	/**
	 * Stands for the pidfd watcher: learns exits from the JDK, and signals each child
	 * itself (as a pidfd would), noting what it sent.
	 */
	private static final class SignallingWatcher implements ExitWatcher {

		private final JdkExitWatcher exits = new JdkExitWatcher();

		private final List<String> sent;

		SignallingWatcher(List<String> sent) {
			this.sent = sent;
		}

		@Override
		public String name() {
			return "signalling";
		}

		@Override
		public Watch watch(Process process, Runnable exited) {
			this.exits.watch(process, exited);
			return (signal) -> {
				if (!process.isAlive()) {
					return false;
				}
				this.sent.add(process.pid() + ":" + signal);
				if (signal == 9) {
					process.destroyForcibly();
				}
				else {
					process.destroy();
				}
				return true;
			};
		}

		@Override
		public void close() {
			this.exits.close();
		}

	}

	/**
	 * A watch that records each signal sent through it, then answers as the given
	 * function does.
	 */
	private static final class RecordingWatch implements ExitWatcher.Watch {

		final List<Integer> sent = new CopyOnWriteArrayList<>();

		private final IntPredicate answer;

		RecordingWatch(IntPredicate answer) {
			this.answer = answer;
		}

		@Override
		public boolean signal(int signal) {
			this.sent.add(signal);
			return this.answer.test(signal);
		}

	}

}
