package io.childproc;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.childproc.internal.output.LineSplitter;
import io.childproc.internal.output.OutputPump;
import io.childproc.testsupport.CapturedLog;
import io.childproc.testsupport.Descendants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What becomes of a child's output: real children ({@code sh}, a Java main, {@code git})
 * logged, captured, discarded or left to the caller.
 */
class ChildOutputTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.builder().shutdownGracePeriod(Duration.ofSeconds(1)).build());

	private final List<CapturedLog> logs = new ArrayList<>();

	@AfterEach
	void end() {
		this.launcher.close();
		this.logs.forEach(CapturedLog::stop);
		Descendants.assertNoneLeft(Duration.ofSeconds(10));
	}

	@Test
	void captureKeepsBothStreamsIncludingTheLastLineWithoutALineBreakByTheTimeOnExitCompletes() throws Exception {
		CapturedOutput output = capturedOnExit("capture", 1024, "echo one; printf two; printf oops >&2");
		assertThat(output.stdout()).isEqualTo("one\ntwo");
		assertThat(output.stderr()).isEqualTo("oops");
		assertThat(output.stdoutBytes()).isEqualTo(7);
		assertThat(output.stderrBytes()).isEqualTo(4);
		assertThat(output.truncated()).isFalse();
	}

	@Test
	void captureIsReadableWhileTheChildRuns() throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", "echo ready; exec sleep 60"),
				StartOptions.named("running").withOutput(ChildOutput.capture(1024)));
		await().atMost(Duration.ofSeconds(30)).until(() -> child.output().stdout().equals("ready\n"));
		assertThat(child.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void captureKeepsTheLastBytesAndSaysItIsTruncatedWhileCountingEverything() throws Exception {
		CapturedOutput output = capturedOnExit("big", 100, "head -c 1000000 /dev/zero | tr '\\0' a; printf END");
		assertThat(output.stdout()).hasSize(100).endsWith("aaaEND");
		assertThat(output.stdoutBytes()).isEqualTo(1_000_003);
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void aChildWritingFiftyMegabytesWithASmallCaptureNeverBlocks() throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder(command("bytes", "50000000")),
				StartOptions.named("flood").withOutput(ChildOutput.capture(64 * 1024)));
		assertThat(child.onExit().get(120, TimeUnit.SECONDS).exitCode()).hasValue(0);
		assertThat(child.output().stdoutBytes()).isEqualTo(50_000_000);
		assertThat(child.output().stdout()).hasSize(64 * 1024);
	}

	@Test
	void logLogsStandardOutputAtInfoAndStandardErrorAtWarningWithPidAndName() throws Exception {
		List<LogRecord> records = logged("java-lines");
		ChildProcess child = this.launcher.start(new ProcessBuilder(command("lines", "3", "0")),
				StartOptions.named("java-lines").withOutput(ChildOutput.log()));
		child.onExit().get(60, TimeUnit.SECONDS);
		String prefix = "java-lines[" + child.pid() + "]: ";
		assertThat(records).extracting(LogRecord::getLevel, LogRecord::getMessage)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Level.INFO, prefix + "line 1"),
					org.assertj.core.groups.Tuple.tuple(Level.INFO, prefix + "line 2"),
					org.assertj.core.groups.Tuple.tuple(Level.INFO, prefix + "line 3"),
					org.assertj.core.groups.Tuple.tuple(Level.WARNING, prefix + "done"));
		assertThat(child.output().stdout()).isEmpty();
		assertThat(child.output().stdoutBytes()).isEqualTo(21);
		assertThat(child.output().stderrBytes()).isEqualTo(4);
	}

	@Test
	void aLineLongerThan8KiBIsCutAndSaysSoAndBytesThatAreNotUtf8AreReplaced() throws Exception {
		List<LogRecord> records = logged("long");
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("sh", "-c",
						"head -c 20000 /dev/zero | tr '\\0' a; echo; printf '\\377ok\\n'; printf 'caf\\303\\251\\n'"),
				StartOptions.named("long").withOutput(ChildOutput.log()));
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(records).extracting(LogRecord::getMessage)
			.containsExactly("long[" + child.pid() + "]: " + "a".repeat(8192) + LineSplitter.CUT_MARK,
					"long[" + child.pid() + "]: \uFFFDok", "long[" + child.pid() + "]: café");
	}

	@Test
	void logWithCaptureDoesBoth() throws Exception {
		List<LogRecord> records = logged("both");
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", "echo hello"),
				StartOptions.named("both").withOutput(ChildOutput.log().withCapture(64)));
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(child.output().stdout()).isEqualTo("hello\n");
		assertThat(records).extracting(LogRecord::getMessage).containsExactly("both[" + child.pid() + "]: hello");
	}

	@Test
	void discardSendsBothStreamsNowhereWithoutAPipe() throws Exception {
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("sh", "-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2"),
				StartOptions.named("discard").withOutput(ChildOutput.discard()));
		assertThat(child.onExit().get(30, TimeUnit.SECONDS).exitCode()).hasValue(0);
		assertThat(child.process().getInputStream().read()).isEqualTo(-1);
		assertThat(child.process().getErrorStream().read()).isEqualTo(-1);
		assertThat(child.output()).isEqualTo(CapturedOutput.NONE);
	}

	@Test
	void pipeIsTheDefaultAndLeavesTheStreamsToTheCaller() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "echo mine");
		assertThat(new String(child.process().getInputStream().readAllBytes())).isEqualTo("mine\n");
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(child.output()).isEqualTo(CapturedOutput.NONE);
	}

	@Test
	void theLaunchersDefaultOutputAppliesToChildrenStartedWithoutOne() throws Exception {
		try (DefaultProcessLauncher capturing = new DefaultProcessLauncher(LauncherSettings.builder()
			.output(OutputSettings.DEFAULTS.withDefaultOutput(ChildOutput.capture(64)))
			.build())) {
			ChildProcess child = capturing.start("sh", "-c", "echo default");
			child.onExit().get(30, TimeUnit.SECONDS);
			assertThat(child.output().stdout()).isEqualTo("default\n");
		}
	}

	@Test
	void theExitRecordOfAFailedChildKeepsTheLastLinesOfStandardErrorAndOfASuccessfulOneNothing() throws Exception {
		try (DefaultProcessLauncher small = new DefaultProcessLauncher(LauncherSettings.builder()
			.output(OutputSettings.DEFAULTS.withFailureTail(16))
			.reapInterval(Duration.ZERO)
			.build())) {
			ChildProcess failed = small.start(
					new ProcessBuilder("sh", "-c", "echo first-long-line >&2; echo last >&2; echo why >&2; exit 2"),
					StartOptions.named("failed").withOutput(ChildOutput.log()));
			failed.onExit().get(30, TimeUnit.SECONDS);
			ChildProcess fine = small.start(new ProcessBuilder("sh", "-c", "echo chatter >&2"),
					StartOptions.named("fine").withOutput(ChildOutput.log()));
			fine.onExit().get(30, TimeUnit.SECONDS);
			small.reap();
			assertThat(small.recentExits()).extracting(ExitRecord::name, ExitRecord::stderrTail)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("failed", "last\nwhy"),
						org.assertj.core.groups.Tuple.tuple("fine", ""));
		}
	}

	@Test
	void aRealProgramsFailureIsInItsExitRecord() throws Exception {
		ChildProcess git = this.launcher.start(new ProcessBuilder("git", "-C", "/nonexistent-childproc", "status"),
				StartOptions.named("git").withOutput(ChildOutput.capture(4096)));
		git.onExit().get(30, TimeUnit.SECONDS);
		assertThat(git.output().stderr()).contains("/nonexistent-childproc");
		this.launcher.reap();
		assertThat(this.launcher.recentExits().get(0).outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(this.launcher.recentExits().get(0).stderrTail()).startsWith("fatal:")
			.contains("/nonexistent-childproc");
	}

	@Test
	void redirectErrorStreamMergesStandardErrorIntoTheCapturedStandardOutputAndTheFailureTail() throws Exception {
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("sh", "-c", "echo out; echo err >&2; exit 1").redirectErrorStream(true),
				StartOptions.named("merged").withOutput(ChildOutput.capture(64)));
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(child.output().stdout()).isEqualTo("out\nerr\n");
		assertThat(child.output().stderr()).isEmpty();
		this.launcher.reap();
		assertThat(this.launcher.recentExits().get(0).stderrTail()).isEqualTo("out\nerr");
	}

	@Test
	void aStreamTheBuilderSendsToAFileGoesThereAndTheOtherIsCaptured(@TempDir Path temp) throws Exception {
		Path file = temp.resolve("out.txt");
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("sh", "-c", "echo to-file; echo to-capture >&2").redirectOutput(file.toFile()),
				StartOptions.named("file").withOutput(ChildOutput.capture(64)));
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(Files.readString(file)).isEqualTo("to-file\n");
		assertThat(child.output().stdout()).isEmpty();
		assertThat(child.output().stderr()).isEqualTo("to-capture\n");
	}

	@Test
	void aDescendantThatKeepsThePipeOpenDoesNotHoldTheExit() throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", "echo parent; sleep 60 & echo forked"),
				StartOptions.named("forks").withOutput(ChildOutput.capture(64)));
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(child.output().stdout()).isEqualTo("parent\nforked\n");
	}

	@Test
	void badCaptureSizesAreRefusedWithWhatToGive() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> ChildOutput.capture(0))
			.withMessageStartingWith("maxBytes must be 1 to")
			.withMessageContaining("was 0")
			.withMessageContaining("such as 65536");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> ChildOutput.log().withCapture(-1))
			.withMessageContaining("was -1");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> ChildOutput.pipe().withCapture(1024))
			.withMessageContaining("use ChildOutput.capture(1024)");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> OutputSettings.DEFAULTS.withFailureTail(-1))
			.withMessageStartingWith("failureTail must be 0 to");
	}

	@Test
	void aStartThatFailsLeavesNoPumpEntryAndNoDescriptor() throws Exception {
		int streams = OutputPump.shared().streams();
		long descriptors = descriptors();
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ChildProcessStartException.class)
				.isThrownBy(() -> this.launcher.start(new ProcessBuilder("/nonexistent/program"),
						StartOptions.named("missing").withOutput(ChildOutput.capture(64))));
		}
		DefaultProcessLauncher closed = new DefaultProcessLauncher();
		closed.close();
		assertThatExceptionOfType(ChildProcessStartException.class).isThrownBy(() -> closed
			.start(new ProcessBuilder("sh", "-c", "echo x"), StartOptions.DEFAULTS.withOutput(ChildOutput.log())));
		assertThat(OutputPump.shared().streams()).isLessThanOrEqualTo(streams);
		assertThat(descriptors()).isLessThanOrEqualTo(descriptors);
	}

	@Test
	void twoHundredCapturedChildrenAddOneThreadForTheirOutput() throws Exception {
		List<ChildProcess> children = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			children.add(this.launcher.start(new ProcessBuilder("sh", "-c", "echo started; exec sleep 120"),
					StartOptions.named("many").withOutput(ChildOutput.capture(64))));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> children.stream().allMatch((child) -> child.output().stdout().equals("started\n")));
		assertThat(threads("childproc-output")).isEqualTo(1);
		assertThat(OutputPump.shared().streams()).isGreaterThanOrEqualTo(400);
	}

	private static long threads(String name) {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith(name)).count();
	}

	private static long descriptors() throws IOException {
		try (var files = Files.list(Path.of("/proc/self/fd"))) {
			return files.count();
		}
	}

	private List<LogRecord> logged(String name) {
		CapturedLog log = CapturedLog.of("io.childproc.output." + name).start();
		this.logs.add(log);
		return log.records();
	}

	private static List<String> command(String... args) {
		List<String> command = new ArrayList<>(io.childproc.testsupport.TestChild.command());
		command.set(command.size() - 1, OutputTestChild.class.getName());
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Runs {@code sh -c script} with its output captured, and returns what was captured
	 * once {@link ChildProcess#onExit()} completed.
	 */
	private CapturedOutput capturedOnExit(String name, int maxBytes, String script) throws Exception {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", script),
				StartOptions.named(name).withOutput(ChildOutput.capture(maxBytes)));
		child.onExit().get(30, TimeUnit.SECONDS);
		return child.output();
	}

}
