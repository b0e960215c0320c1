package io.childproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.childproc.internal.natives.NativeAccess;
import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.ChildJvm.Run;
import io.childproc.testsupport.Descendants;
import io.childproc.testsupport.ProcessLimitProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults from outside: signals, interrupts, and an operating system that refuses new
 * processes.
 */
class FaultTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapOnExit(true).withShutdownGracePeriod(Duration.ofSeconds(1)));

	@AfterEach
	void close() {
		Descendants.closeAndAssertNoneLeft(this.launcher, Duration.ofSeconds(10));
	}

	@ParameterizedTest
	@CsvSource({ "KILL, 137", "SEGV, 139", "TERM, 143" })
	void childKilledFromOutsideIsRecordedAsSignaledWithTheRightCode(String signal, int code) throws Exception {
		ChildProcess child = this.launcher.start("/bin/sleep", "60");
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED);
		ExitRecord record = this.launcher.recentExits().get(0);
		assertThat(record.pid()).isEqualTo(child.pid());
		assertThat(record.exitCode()).isEqualTo(code);
		assertThat(record.outcome()).isEqualTo(Outcome.SIGNALED);
	}

	@Test
	void startOnAnInterruptedThreadStartsAndKeepsTheInterrupt() throws Exception {
		AtomicReference<ChildProcess> started = new AtomicReference<>();
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		Thread thread = new Thread(() -> {
			Thread.currentThread().interrupt();
			try {
				started.set(this.launcher.start("sh", "-c", "exit 5"));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			stillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		thread.start();
		thread.join(WAIT.toMillis());
		assertThat(stillInterrupted).isTrue();
		await().atMost(WAIT).until(() -> started.get().state() == ChildState.REAPED);
		assertThat(started.get().exitCode()).hasValue(5);
		assertThat(this.launcher.counts()).isEqualTo(new ChildCounts(0, 0, 1, 1, 0));
	}

	@Test
	void terminateInterruptedDuringItsGracePeriodKillsAtOnceAndKeepsTheInterrupt() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "trap '' TERM; sleep 300 & wait");
		await().atMost(WAIT).until(() -> child.process().descendants().count() == 1);
		ProcessHandle grandchild = child.process().descendants().findFirst().orElseThrow();
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		Thread thread = new Thread(() -> {
			child.terminate(Duration.ofMinutes(10));
			stillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		thread.start();
		// The shell ignores SIGTERM: terminate waits in its grace period until
		// interrupted.
		await().atMost(WAIT).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
		thread.interrupt();
		thread.join(WAIT.toMillis());
		assertThat(thread.isAlive()).isFalse();
		assertThat(stillInterrupted).isTrue();
		await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED && !grandchild.isAlive());
		assertThat(child.exitCode()).hasValue(137);
	}

	@ParameterizedTest(name = "nproc={0}")
	@ValueSource(ints = { 30, 31 })
	void startRefusedForLackOfProcessesIsClearTracksNothingAndWorksAgainOnceThereIsRoom(int limit, @TempDir Path temp)
			throws Exception {
		assumeTrue(isRoot(), () -> {
			String reason = "Skipped: RLIMIT_NPROC is tested as user nobody, which needs root to switch to";
			System.out.println(reason);
			return reason;
		});
		Path classes = copyForAnotherUser(temp);
		Run run = ChildJvm.run(
				new ProcessBuilder("prlimit", "--nproc=" + limit, "setpriv", "--reuid=65534", "--regid=65534",
						"--clear-groups", ChildJvm.java(), "-Xint",
						// Java 24+ loads JNA in advance only with native access,
						// and reaping a child no thread waits for needs it then.
						"-XX:+UseSerialGC", NativeAccess.FLAG, "-cp",
						classes.resolve("classes") + ":" + classes.resolve("test-classes") + ":"
								+ classes.resolve("jna.jar"),
						ProcessLimitProbe.class.getName()),
				Duration.ofSeconds(60));
		String output = run.stdout();
		System.out.println(output);
		List<String> lines = output.lines().toList();
		String started = line(lines, "STARTED ");
		assertThat(line(lines, "REFUSED ")).startsWith("REFUSED Cannot start [/bin/sleep]: ")
			// JDK 17 writes "error=11, ...", JDK 25 "error: 11 (...)".
			.containsAnyOf("the operating system refused a new process (error=11",
					"the operating system refused a new process (error: 11",
					"the JVM could not create a thread to wait for the child")
			.contains("limit");
		int count = Integer.parseInt(started.substring("STARTED ".length()));
		assertThat(count).isPositive();
		assertThat(line(lines, "COUNTS ")).isEqualTo(
				"COUNTS ChildCounts[live=" + count + ", unreaped=0, exited=0, started=" + count + ", startFailures=1]");
		assertThat(line(lines, "TRACKED ")).isEqualTo("TRACKED " + count);
		assertThat(line(lines, "ZOMBIES ")).as("no zombie left after the refusal").isEqualTo("ZOMBIES 0");
		assertThat(line(lines, "STARTED AGAIN ")).matches("STARTED AGAIN \\d+");
		assertThat(lines).contains("CLOSED");
		assertThat(run.exitCode()).as(output).isZero();
		await().atMost(WAIT).until(() -> processesOfNobody().isEmpty());
	}

	private static String line(List<String> lines, String prefix) {
		return lines.stream()
			.filter((line) -> line.startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No line " + prefix + " in " + lines));
	}

	private static boolean isRoot() throws IOException {
		return Files.readString(Path.of("/proc/self/status"))
			.lines()
			.anyMatch((line) -> line.matches("Uid:\\s+0\\s.*"));
	}

	private static Path copyForAnotherUser(Path temp) throws IOException {
		Path target = Path.of(ProcessLimitProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		Path build = target.getParent();
		for (String folder : new String[] { "classes", "test-classes" }) {
			Path from = build.resolve(folder);
			try (Stream<Path> files = Files.walk(from)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Path to = temp.resolve(folder).resolve(from.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(to);
					}
					else {
						Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
		}
		// JNA, so that the launcher can reap a child it killed because no thread could
		// wait for it.
		Path jna = Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		Files.copy(jna, temp.resolve("jna.jar"), StandardCopyOption.REPLACE_EXISTING);
		try (Stream<Path> files = Files.walk(temp)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				file.toFile().setReadable(true, false);
				file.toFile().setExecutable(Files.isDirectory(file), false);
			}
		}
		return temp;
	}

	private static List<Long> processesOfNobody() {
		List<Long> pids = new ArrayList<>();
		ProcessHandle.allProcesses().forEach((handle) -> {
			try {
				String status = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "status"));
				if (status.lines().anyMatch((line) -> line.matches("Uid:\\s+65534\\s.*"))) {
					pids.add(handle.pid());
				}
			}
			catch (IOException ex) {
				// Gone.
			}
		});
		return pids;
	}

}
