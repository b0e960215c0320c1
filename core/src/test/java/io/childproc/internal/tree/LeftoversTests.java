package io.childproc.internal.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the next start of an application finds what its JVM left behind when it was
 * killed with SIGKILL, reports it, and ends it only when asked; and that another
 * application, or a live second instance, is never taken for its leftovers. Every
 * application here is a real JVM running {@link LeftoversMain}; every process they start
 * is ended after each test.
 */
class LeftoversTests {

	private final String application = "leftovers-test-" + UUID.randomUUID();

	private final List<ProcessInfo> made = new ArrayList<>();

	private final List<Process> jvms = new ArrayList<>();

	private final List<ProcessHandle> firstRuns = new ArrayList<>();

	@TempDir
	Path temp;

	@AfterEach
	void endEverything() throws InterruptedException {
		this.firstRuns.forEach(ProcessHandle::destroyForcibly);
		for (Process jvm : this.jvms) {
			jvm.destroyForcibly();
			jvm.waitFor(10, TimeUnit.SECONDS);
		}
		new ProcessTreeTerminator(Processes.table).terminate(this.made, Duration.ZERO);
		await().atMost(Duration.ofSeconds(20)).until(() -> Processes.allEnded(this.made));
	}

	@Test
	void theNextStartOfAKilledApplicationReportsItsLeftoversAndEndsThemOnlyWhenAsked() throws Exception {
		Processes.assumeLinux();
		LeftoversMain.FirstRun first = run(this.application);
		first.kill();
		Set<Long> pids = pids(this.made);
		// The kill leaves them running, reparented.
		assertThat(this.made).noneMatch(Processes::hasEnded);

		Restart reported = restart(this.application, false);
		assertThat(reported.leftovers()).isEqualTo(pids);
		assertThat(reported.roots()).as("the shell and the second child; the shell's sleep is in the shell's tree")
			.hasSize(2);
		assertThat(reported.stderr())
			.contains("Found 3 processes left behind by an earlier run of this application (id '" + this.application
					+ "') whose JVM is gone; the oldest is pid ")
			.contains("by the JVM with pid " + first.jvm().pid())
			.contains("set childproc.leftovers.end=true to end them at start-up")
			// Command lines can hold secrets: no argument is logged. Matched as a token
			// of
			// its own: the random application id and the pids may hold these digits.
			.doesNotContainPattern("(?<![0-9a-f])311(?![0-9a-f])")
			.doesNotContainPattern("(?<![0-9a-f])312(?![0-9a-f])");
		assertThat(this.made).as("reported, not ended").noneMatch(Processes::hasEnded);

		Restart ended = restart(this.application, true);
		assertThat(ended.stderr()).contains("Ending 3 processes left behind")
			.contains("Ended the 3 leftover process(es) of application '" + this.application + "'");
		assertThat(ended.leftovers()).as("what the monitor shows once it has ended them").isEmpty();
		await().atMost(Duration.ofSeconds(20)).until(() -> Processes.allEnded(this.made));

		Restart after = restart(this.application, false);
		assertThat(after.leftovers()).isEmpty();
		assertThat(after.stderr()).doesNotContain("left behind");
	}

	@Test
	void anotherApplicationNeverTakesTheKilledApplicationsProcessesForItsLeftovers() throws Exception {
		Processes.assumeLinux();
		LeftoversMain.FirstRun first = run(this.application);
		first.kill();

		Restart other = restart(this.application + "-other", true);
		assertThat(other.leftovers()).isEmpty();
		assertThat(other.stderr()).doesNotContain("left behind");
		assertThat(this.made).as("not ended by another application").noneMatch(Processes::hasEnded);
		// The same name in another instance group is another application.
		assertThat(restart(this.application + "/blue", true).leftovers()).isEmpty();
		assertThat(this.made).noneMatch(Processes::hasEnded);
	}

	@Test
	void aLiveSecondInstancesChildrenAreNotLeftoversUntilItsJvmIsKilled() throws Exception {
		Processes.assumeLinux();
		LeftoversMain.FirstRun first = run(this.application);
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withApplicationId(this.application));
		ProcessTreeMonitorSettings settings = new ProcessTreeMonitorSettings(Duration.ZERO, false, 25)
			.withEndLeftovers(true, Duration.ofSeconds(1));
		try (ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(), settings)) {
			assertThat(monitor.leftovers()).as("found at start-up").isEmpty();
			monitor.scan();
			assertThat(monitor.leftovers()).as("found by a scan").isEmpty();
			assertThat(this.made).as("a live instance's children are never ended").noneMatch(Processes::hasEnded);

			first.kill();
			monitor.scan();
			assertThat(pids(monitor.leftovers().stream().map(LeftoverProcess::process).toList()))
				.isEqualTo(pids(this.made));
			assertThat(monitor.leftovers()).allMatch((leftover) -> leftover.jvmPid() == first.jvm().pid());
			assertThat(monitor.leftoverCount()).isEqualTo(3);
			assertThat(this.made).as("a scan reports, it never ends").noneMatch(Processes::hasEnded);
		}
		finally {
			launcher.close();
		}
	}

	/**
	 * Starts the application's first run, outside this JVM's tree, until its children
	 * run.
	 */
	private LeftoversMain.FirstRun run(String applicationId) throws IOException {
		LeftoversMain.FirstRun run = LeftoversMain.startDetached(applicationId);
		this.firstRuns.add(run.jvm());
		this.made.addAll(run.made());
		return run;
	}

	/** Starts the application again, the way it starts, and waits until it exits. */
	private Restart restart(String applicationId, boolean end) throws Exception {
		Path out = this.temp.resolve("restart-" + UUID.randomUUID() + ".out");
		Path err = this.temp.resolve("restart-" + UUID.randomUUID() + ".err");
		Process jvm = new ProcessBuilder(command("restart", applicationId, Boolean.toString(end)))
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.start();
		this.jvms.add(jvm);
		assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the restart ends within 60 s").isTrue();
		String stdout = Files.readString(out);
		String stderr = Files.readString(err);
		assertThat(stdout).as(stderr).contains("DONE");
		Set<Long> leftovers = stdout.lines()
			.filter((line) -> line.startsWith("LEFTOVER "))
			.map((line) -> Long.parseLong(line.split(" ")[1]))
			.collect(Collectors.toSet());
		Set<Long> roots = stdout.lines()
			.filter((line) -> line.startsWith("LEFTOVER ") && line.endsWith(" true"))
			.map((line) -> Long.parseLong(line.split(" ")[1]))
			.collect(Collectors.toSet());
		return new Restart(leftovers, roots, stderr);
	}

	private static List<String> command(String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
						"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
						LeftoversMain.class.getName()));
		command.addAll(List.of(args));
		return command;
	}

	private static Set<Long> pids(List<ProcessInfo> processes) {
		return processes.stream().map(ProcessInfo::pid).collect(Collectors.toSet());
	}

	private record Restart(Set<Long> leftovers, Set<Long> roots, String stderr) {
	}

}
