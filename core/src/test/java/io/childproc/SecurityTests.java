package io.childproc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.MarkedProcess;
import io.childproc.testsupport.Descendants;
import io.childproc.testsupport.PidReuse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher signals only what it started: never a process that got the pid of one of
 * its children after that child exited, and, when it ends escaped descendants, only
 * processes that carry its own owner id.
 */
class SecurityTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.defaults()
		.withReapInterval(Duration.ZERO)
		.withShutdownGracePeriod(Duration.ofSeconds(1))
		.withKillEscaped(true));

	private final List<Process> strangers = new ArrayList<>();

	@AfterEach
	void endEverything() throws InterruptedException {
		this.launcher.close();
		for (Process stranger : this.strangers) {
			stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Descendants.assertNoneLeft(WAIT);
	}

	@Test
	void terminateOfAnExitedChildWhosePidWasReusedNeverSignalsTheNewProcess() throws Exception {
		assumeTrue(PidReuse.available(), "Skipped: choosing the next pid needs root (ns_last_pid)");
		ChildProcess child = this.launcher.start("sh", "-c", "exit 3");
		await().atMost(WAIT).until(() -> child.state() == ChildState.EXITED);
		Process stranger = reuse(child.pid());
		assertThat(this.launcher.child(child.pid())).contains(child);

		assertThat(child.terminate(Duration.ZERO)).isTrue();
		assertThat(child.terminate(Duration.ofSeconds(1))).isTrue();
		child.process().destroyForcibly();
		this.launcher.reap();
		assertThat(child.terminate(Duration.ZERO)).isTrue();
		assertThat(this.launcher.child(child.pid())).isEmpty();
		this.launcher.close();

		assertStillRunning(stranger);
		assertThat(child.exitCode()).hasValue(3);
		assertThat(this.launcher.recentExits()).singleElement()
			.satisfies((exit) -> assertThat(exit.exitCode()).isEqualTo(3));
	}

	@Test
	void closeWithKillEscapedEndsOnlyProcessesThatCarryThisLaunchersOwnerId() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "setsid -f sleep 601; exec sleep 600");
		ProcessHandle escapee = await().atMost(WAIT)
			.until(() -> escapeeOf(this.launcher.ownerId()), Optional::isPresent)
			.orElseThrow();
		String owner = this.launcher.ownerId();
		List<Process> others = List.of(
				stranger(Map.of(Mark.OWNER_VARIABLE, LauncherSettings.newOwnerId(), Mark.CHILD_VARIABLE, "1")),
				stranger(Map.of(Mark.OWNER_VARIABLE, owner + "0", Mark.CHILD_VARIABLE, "1")),
				stranger(Map.of(Mark.OWNER_VARIABLE, owner.substring(1), Mark.CHILD_VARIABLE, "1")),
				stranger(Map.of("X" + Mark.OWNER_VARIABLE, owner, Mark.CHILD_VARIABLE, "1")),
				stranger(Map.of("OTHER", Mark.OWNER_VARIABLE + "=" + owner)));

		this.launcher.close();

		await().atMost(WAIT).until(() -> !escapee.isAlive() && !child.process().isAlive());
		for (Process other : others) {
			assertStillRunning(other);
		}
	}

	@Test
	void aProcessTheLauncherDidNotStartIsNeitherFoundNorSignalled() throws Exception {
		Process stranger = stranger(Map.of());
		assertThat(this.launcher.child(stranger.pid())).isEmpty();
		assertThat(this.launcher.child(ProcessHandle.current().pid())).isEmpty();
		assertThat(this.launcher.child(1)).isEmpty();
		assertThat(this.launcher.child(0)).isEmpty();
		assertThat(this.launcher.child(-1)).isEmpty();
		this.launcher.close();
		assertStillRunning(stranger);
	}

	@Test
	void twoThreadsStartingTheSameBuilderGetTheirOwnChildNumberAndTerminateEndsOnlyOne() throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo \"$CHILDPROC_CHILD\"; exec sleep 600");
		Map<String, String> environmentBefore = Map.copyOf(builder.environment());
		for (int round = 0; round < 10; round++) {
			CyclicBarrier together = new CyclicBarrier(2);
			Callable<ChildProcess> start = () -> {
				together.await(10, TimeUnit.SECONDS);
				return this.launcher.start(builder);
			};
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				Future<ChildProcess> first = threads.submit(start);
				Future<ChildProcess> second = threads.submit(start);
				ChildProcess a = first.get(10, TimeUnit.SECONDS);
				ChildProcess b = second.get(10, TimeUnit.SECONDS);
				assertThat(firstLine(a)).isNotEqualTo(firstLine(b));

				assertThat(a.terminate(Duration.ofSeconds(1))).isTrue();
				assertStillRunning(b.process());
				assertThat(b.terminate(Duration.ofSeconds(1))).isTrue();
				assertThat(a.process().waitFor()).isEqualTo(143);
			}
			finally {
				threads.shutdownNow();
			}
		}
		assertThat(builder.environment()).isEqualTo(environmentBefore);
	}

	@Test
	void aPlainStartOfABuilderTheLauncherStartedCarriesNoMarkAndSurvivesTerminateTimeoutAndClose() throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sleep", "600");
		Map<String, String> environmentBefore = Map.copyOf(builder.environment());
		ChildProcess tracked = this.launcher.start(builder);
		Process plain = builder.start();
		this.strangers.add(plain);
		assertThat(builder.environment()).isEqualTo(environmentBefore);
		assertThat(Files.readString(Path.of("/proc", Long.toString(plain.pid()), "environ")))
			.doesNotContain(Mark.OWNER_VARIABLE, Mark.CHILD_VARIABLE);

		assertThat(tracked.terminate(Duration.ofSeconds(1))).isTrue();
		assertStillRunning(plain);
		ChildProcess timedOut = this.launcher.start(builder,
				StartOptions.named("timed").withTimeout(Duration.ofMillis(200)));
		await().atMost(WAIT).until(() -> timedOut.state() != ChildState.RUNNING);
		assertStillRunning(plain);
		this.launcher.start(builder);
		this.launcher.close();
		assertStillRunning(plain);
		assertThat(builder.environment()).isEqualTo(environmentBefore);
	}

	private static String firstLine(ChildProcess child) throws IOException {
		return new BufferedReader(new InputStreamReader(child.process().getInputStream(), StandardCharsets.UTF_8))
			.readLine();
	}

	private Process reuse(long pid) throws IOException {
		Optional<Process> stranger = PidReuse.startWithPid(pid, List.of("sleep", "600"));
		assumeTrue(stranger.isPresent(), "Skipped: other processes kept taking pid " + pid);
		this.strangers.add(stranger.get());
		return stranger.get();
	}

	private Process stranger(Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("sleep", "600");
		builder.environment().remove(Mark.OWNER_VARIABLE);
		builder.environment().putAll(environment);
		Process process = builder.start();
		this.strangers.add(process);
		return process;
	}

	private static Optional<ProcessHandle> escapeeOf(String owner) {
		return LinuxProcessTable.system()
			.findByEnvironment(Mark.OWNER_VARIABLE, owner, null)
			.stream()
			.map(MarkedProcess::process)
			.filter((process) -> process.commandLine().equals("sleep 601"))
			.findFirst()
			.flatMap((process) -> ProcessHandle.of(process.pid()));
	}

	/**
	 * Alive, not stopped, and staying so: sleep dies of SIGTERM, SIGKILL, SIGINT and
	 * SIGHUP.
	 */
	private static void assertStillRunning(Process process) {
		await().during(Duration.ofMillis(300))
			.atMost(WAIT)
			.until(() -> process.isAlive() && state(process.pid()) == 'S');
	}

	private static char state(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.charAt(stat.lastIndexOf(')') + 2);
	}

}
