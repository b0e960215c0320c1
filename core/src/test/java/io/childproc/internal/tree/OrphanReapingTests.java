package io.childproc.internal.tree;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests that orphans adopted by the JVM are reaped, while the JDK's own children keep
 * their exact exit codes. Each runs {@link OrphanReapingMain} in a JVM of its own: as PID
 * 1 in a new pid namespace, and as a child subreaper.
 */
class OrphanReapingTests {

	private static final int ORPHANS = 200;

	@TempDir
	Path temp;

	@Test
	void asPid1InANewPidNamespaceOrphansAreReapedAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		assumeThat(onPath("unshare")).as("unshare (util-linux) is not installed").isTrue();
		List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
		command.addAll(javaCommand("pid1"));
		Result result = run(command);
		if (!result.stdout.contains("READY")) {
			String reason = "unshare --pid --fork --mount-proc was refused here (exit " + result.exitCode + "): "
					+ result.stderr.strip();
			System.out.println("SKIPPED: " + reason);
			assumeThat(result.stdout).as(reason).contains("READY");
		}
		assertPassed(result);
		assertThat(result.stdout).contains("READY pid=1 mode=pid1");
	}

	@Test
	void asChildSubreaperWithoutANamespaceOrphansAreReapedAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		Result result = run(javaCommand("subreaper"));
		assertPassed(result);
		assertThat(result.stdout).contains("subreaper: true");
	}

	private void assertPassed(Result result) {
		System.out.println(result.stdout);
		assertThat(result.stdout).as(result.stdout + result.stderr)
			.contains("reaps orphans: true")
			.contains("zombies left: 0")
			.contains("exit codes checked: " + (2 * ORPHANS) + ", wrong: 0")
			.contains("PASSED");
		assertThat(result.exitCode).isZero();
	}

	private static List<String> javaCommand(String mode) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return List.of(java, "-cp", System.getProperty("java.class.path"), OrphanReapingMain.class.getName(), mode,
				Integer.toString(ORPHANS));
	}

	private Result run(List<String> command) throws IOException, InterruptedException {
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			if (!process.waitFor(100, TimeUnit.SECONDS)) {
				throw new AssertionError("The orphan reaping run did not end in 100 s: " + read(out) + read(err));
			}
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		return new Result(process.exitValue(), read(out), read(err));
	}

	private static String read(Path path) throws IOException {
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
