package io.childproc.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs a small main of the test sources in a JVM of its own (the current {@code java}),
 * waits for it with a deadline and ends it and its descendants whatever happens.
 */
public final class ChildJvm {

	/**
	 * The command that runs the command after it as PID 1 of a new pid namespace, and
	 * ends the namespace with it.
	 */
	public static final List<String> NEW_PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--mount-proc",
			"--kill-child");

	private ChildJvm() {
	}

	/**
	 * Returns the path of the current {@code java} binary.
	 * @return the path
	 */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Returns the command that runs a main of the test class path.
	 * @param main the class with the main
	 * @param args its arguments
	 * @return the command
	 */
	public static List<String> command(Class<?> main, String... args) {
		List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path")));
		command.add(main.getName());
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Starts a process with its standard error merged into its output, reads all its
	 * output and fails unless it ends in time; ends it in any case.
	 * @param builder what to start
	 * @param timeout how long it may take
	 * @return how it ended, with its output and error as {@link Run#stdout()}
	 * @throws IOException if it cannot start or be read
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static Run run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
		Process process = builder.redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).as(output).isTrue();
			return new Run(process.exitValue(), output, "");
		}
		finally {
			process.destroyForcibly();
		}
	}

	/**
	 * Runs a command with its output and error in files {@code stdout} and {@code stderr}
	 * of a folder, fails unless it ends in time, and ends it and its descendants in any
	 * case.
	 * @param command the command
	 * @param folder where to write its output and error
	 * @param timeout how long it may take
	 * @return how it ended
	 * @throws IOException if it cannot start or be read
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static Run run(List<String> command, Path folder, Duration timeout)
			throws IOException, InterruptedException {
		Path out = folder.resolve("stdout");
		Path err = folder.resolve("stderr");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				throw new AssertionError(
						"[" + String.join(" ", command) + "] did not end in " + timeout + ": " + read(out) + read(err));
			}
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		return new Run(process.exitValue(), read(out), read(err));
	}

	/**
	 * Reads a file that a run wrote, if it did.
	 * @param path the file
	 * @return its text, or an empty string
	 * @throws IOException if it cannot be read
	 */
	public static String read(Path path) throws IOException {
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

	/**
	 * Skips the test unless {@code unshare} is installed.
	 */
	public static void assumeUnshare() {
		assumeThat(onPath("unshare")).as("unshare (util-linux) is not installed").isTrue();
	}

	/**
	 * Skips the test, saying why, when a run in a {@link #NEW_PID_NAMESPACE new pid
	 * namespace} did not print {@code READY}: this machine refused the namespace.
	 * @param run the run
	 */
	public static void assumeNamespaceAllowed(Run run) {
		if (!run.stdout().contains("READY")) {
			String reason = "unshare --pid --fork --mount-proc was refused here (exit " + run.exitCode() + "): "
					+ run.stderr().strip();
			System.out.println("SKIPPED: " + reason);
			assumeThat(run.stdout()).as(reason).contains("READY");
		}
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * How a run ended.
	 *
	 * @param exitCode its exit code
	 * @param stdout its output
	 * @param stderr its error
	 */
	public record Run(int exitCode, String stdout, String stderr) {

	}

}
