package io.childproc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import io.childproc.testsupport.Descendants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Each bad start gets a clear error, counts a start failure, and leaves nothing behind.
 */
class BadInputTests {

	@TempDir
	static Path temp;

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapInterval(Duration.ZERO));

	@AfterEach
	void close() {
		Descendants.closeAndAssertNoneLeft(this.launcher, Duration.ofSeconds(10));
	}

	interface Start {

		ChildProcess start(ProcessLauncher launcher) throws IOException;

	}

	static Stream<Arguments> badStarts() throws IOException {
		Path notExecutable = Files.writeString(temp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
		Path missingDirectory = temp.resolve("missing");
		return Stream.of(Arguments.of("null builder", (Start) (l) -> l.start((ProcessBuilder) null),
				"Cannot start a child process: the ProcessBuilder is null; give one with the program and its arguments"),
				Arguments.of("null command array", (Start) (l) -> l.start((String[]) null),
						"Cannot start a child process: the command is null; give the program and its arguments"),
				Arguments.of("empty command", (Start) (l) -> l.start(new ProcessBuilder()),
						"Cannot start a child process: the command is empty; give the program and its arguments"),
				Arguments.of("empty command array", (Start) (l) -> l.start(new String[0]),
						"Cannot start a child process: the command is empty; give the program and its arguments"),
				Arguments.of("null program", (Start) (l) -> l.start(new String[] { null, "x" }),
						"Cannot start [null]: the program (element 0 of the command) is null; remove it or give a value"),
				Arguments.of("null argument", (Start) (l) -> l.start(new String[] { "sleep", null }),
						"Cannot start [sleep]: element 1 of the command is null; remove it or give a value"),
				Arguments.of("blank program", (Start) (l) -> l.start(" "),
						"Cannot start [ ]: the program (element 0 of the command) is blank; give its name or path"),
				Arguments.of("program not in PATH", (Start) (l) -> l.start("no-such-program-childproc"),
						"Cannot start [no-such-program-childproc]: no such program in PATH ("),
				Arguments.of("missing absolute program", (Start) (l) -> l.start("/no/such/program"),
						"Cannot start [/no/such/program]: no such file /no/such/program; check the path"),
				Arguments.of("not executable", (Start) (l) -> l.start(notExecutable.toString()), "Cannot start ["
						+ notExecutable + "]: " + notExecutable
						+ " is not executable; make it executable (chmod +x) or run it through its interpreter"),
				Arguments.of("directory as program", (Start) (l) -> l.start(temp.toString()),
						"Cannot start [" + temp + "]: " + temp + " is a directory, not a program"),
				Arguments.of("missing working directory", (Start) (l) -> l.start(new ProcessBuilder("true")
					.directory(missingDirectory.toFile())), "Cannot start [true]: the working directory "
							+ missingDirectory
							+ " does not exist or is not a directory; create it or give another to ProcessBuilder.directory()"),
				Arguments.of("blank name", (Start) (l) -> l.start(" ", new ProcessBuilder("true")),
						"Cannot start [true]: name must not be blank"),
				Arguments.of("NUL in the program", (Start) (l) -> l.start("sle\0ep", "1"),
						"Cannot start [sle\\0ep]: the program (element 0 of the command) holds a NUL character (\\0), "
								+ "which no program or argument can hold; remove it"),
				Arguments.of("NUL in the program's path", (Start) (l) -> l.start("/bin/sle\0ep"),
						"Cannot start [/bin/sle\\0ep]: the program (element 0 of the command) holds a NUL character"),
				Arguments.of("NUL in the program, named", (Start) (l) -> l.start("n", new ProcessBuilder("\0")),
						"Cannot start [\\0]: the program (element 0 of the command) holds a NUL character"),
				Arguments.of("NUL in an argument", (Start) (l) -> l.start("sleep", "1\0"),
						"Cannot start [sleep]: element 1 of the command holds a NUL character"),
				Arguments.of("NUL in the working directory",
						(Start) (l) -> l.start(new ProcessBuilder("true").directory(new File("/tmp\0x"))),
						"Cannot start [true]: the working directory /tmp\\0x holds a NUL character"),
				Arguments.of("NUL in a redirect's file",
						(Start) (l) -> l.start(new ProcessBuilder("true").redirectOutput(new File("/tmp/out\0x"))),
						"Cannot start [true]: "));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badStarts")
	void badStartIsRefusedClearlyAndLeavesNothingBehind(String description, Start start, String message)
			throws IOException {
		long descriptorsBefore = openDescriptors();
		List<Throwable> heard = new CopyOnWriteArrayList<>();
		this.launcher.addListener(new ChildProcessListener() {

			@Override
			public void startFailed(List<String> command, Throwable failure) {
				heard.add(failure);
			}

		});
		ChildProcessStartException failure = catchThrowableOfType(ChildProcessStartException.class,
				() -> start.start(this.launcher));
		assertThat(failure).isNotNull();
		assertThat(failure.getMessage()).startsWith(message).doesNotContain("\0");
		assertThat(heard).containsExactly(failure);
		assertThat(this.launcher.counts()).isEqualTo(new ChildCounts(0, 0, 0, 0, 1));
		assertThat(this.launcher.children()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() <= descriptorsBefore);
	}

	private static long openDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	static Stream<Arguments> badOptions() {
		return Stream.of(
				Arguments.of((Function<StartOptions, StartOptions>) (o) -> o.withTimeout(Duration.ofDays(366)),
						"timeout must be at most 365 days, was PT8784H"),
				Arguments.of(
						(Function<StartOptions, StartOptions>) (o) -> o.withTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
						"timeout must be at most 365 days, was PT2562047788015215H30M7S"),
				Arguments.of((Function<StartOptions, StartOptions>) (o) -> o.withTimeout(Duration.ofSeconds(-1)),
						"timeout must be positive, was PT-1S"),
				Arguments.of((Function<StartOptions, StartOptions>) (o) -> o.withTimeout(Duration.ZERO),
						"timeout must be positive, was PT0S"));
	}

	@ParameterizedTest
	@MethodSource("badOptions")
	void badOptionsAreRefusedWhenBuilt(Function<StartOptions, StartOptions> change, String message) {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> change.apply(StartOptions.named("job")))
			.withMessageStartingWith(message);
	}

	static Stream<Arguments> badSettings() {
		return Stream
			.of(Arguments.of((Function<LauncherSettings, LauncherSettings>) (s) -> s.withMaxLive(-1),
					"maxLive must be 0 (no limit) or more, was -1"),
					Arguments.of((Function<LauncherSettings, LauncherSettings>) (s) -> s.withHistorySize(-5),
							"historySize must be 0 to 100000, was -5"),
					Arguments.of(
							(Function<LauncherSettings, LauncherSettings>) (s) -> s
								.withReapInterval(Duration.ofSeconds(-1)),
							"reapInterval must not be negative, was PT-1S"),
					Arguments.of(
							(Function<LauncherSettings, LauncherSettings>) (s) -> s
								.withShutdownGracePeriod(Duration.ofSeconds(-1)),
							"shutdownGracePeriod must not be negative"),
					Arguments.of(
							(Function<LauncherSettings, LauncherSettings>) (
									s) -> s.toBuilder().terminateGracePeriod(Duration.ofDays(400)).build(),
							"terminateGracePeriod must be at most 365 days, was PT9600H (0 kills at once)"),
					Arguments.of(
							(Function<LauncherSettings, LauncherSettings>) (
									s) -> s.toBuilder().reapInterval(Duration.ofMillis(1)).build(),
							"reapInterval must be 0 or at least 10 ms, was PT0.001S"),
					Arguments.of((Function<LauncherSettings, LauncherSettings>) (s) -> s.withOwnerId("a=b"),
							"ownerId must be a non-blank word without '=', was 'a=b'"));
	}

	@ParameterizedTest
	@MethodSource("badSettings")
	void badSettingsAreRefusedWithTheNameOfTheProperty(Function<LauncherSettings, LauncherSettings> change,
			String message) {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> change.apply(LauncherSettings.defaults()))
			.withMessageStartingWith(message);
	}

	static Stream<Arguments> badGraces() {
		return Stream.of(
				Arguments.of(Duration.ofSeconds(-1), "grace must not be negative, was PT-1S (0 kills at once)"),
				Arguments.of(Duration.ofDays(400), "grace must be at most 365 days, was PT9600H (0 kills at once)"),
				Arguments.of(Duration.ofSeconds(Long.MAX_VALUE),
						"grace must be at most 365 days, was PT2562047788015215H30M7S (0 kills at once)"));
	}

	@ParameterizedTest
	@MethodSource("badGraces")
	void badGraceIsRefusedBeforeAnythingIsSignalled(Duration grace, String message) throws IOException {
		ChildProcess child = this.launcher.start("/bin/sleep", "60");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> child.terminate(grace))
			.withMessage(message);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(10))
			.until(() -> child.process().isAlive() && child.state() == ChildState.RUNNING);
		assertThat(List.of(child.state())).containsExactly(ChildState.RUNNING);
	}

}
