package io.childproc.internal.tree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessState;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests that a launcher's {@code close()} ends the orphans that the JVM adopted as a
 * child subreaper or as PID 1, and only those. Runs {@link OrphanTerminatorMain} in a JVM
 * of its own, so that this one never becomes a subreaper.
 */
class OrphanTerminatorTests {

	@TempDir
	Path temp;

	@Test
	void asSubreaperCloseEndsTheOrphansTheJvmAdoptedAndLeavesOtherCodesChildrenAlone() throws Exception {
		Processes.assumeLinux();
		String stdout = run(List.of());
		assertThat(stdout).contains("subreaper: true");
		assertEndedAsExpected(stdout);
	}

	@Test
	void asPid1CloseEndsTheOrphansTheJvmAdoptedAndLeavesOtherCodesChildrenAlone() throws Exception {
		Processes.assumeLinux();
		// The kernel ends every process of the namespace when its PID 1 exits.
		String stdout = run(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
		if (!stdout.contains("pid: 1")) {
			String reason = "unshare --pid --fork --mount-proc was refused here: " + stdout;
			System.out.println("SKIPPED: " + reason);
			assumeThat(stdout).as(reason).contains("pid: 1");
		}
		assertEndedAsExpected(stdout);
	}

	private static void assertEndedAsExpected(String stdout) {
		// The premises: perl's new title overwrote the mark; b's orphan carries b's mark.
		assertThat(stdout).contains("retitled carries a mark: false");
		assertThat(stdout).contains("kill-escaped-off carries b's mark: true");
		assertThat(stdout).contains("after a.close: env-i ended: true, retitled ended: true, "
				+ "kill-escaped-off ended: false, plain-processbuilder ended: false");
		assertThat(stdout).contains("after b.close: kill-escaped-off ended: true, plain-processbuilder ended: false");
		assertThat(stdout).contains("zombie children: []");
		// Killed by the main's own destroyForcibly, not earlier.
		assertThat(stdout).contains("plain-processbuilder exit code: 137");
	}

	private String run(List<String> namespace) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(namespace);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), OrphanTerminatorMain.class.getName(),
				namespace.isEmpty() ? "subreaper" : "pid1"));
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				throw new AssertionError("The adopted orphans run did not end in 60 s: " + read(out) + read(err));
			}
			String stdout = read(out);
			System.out.println(stdout);
			if (namespace.isEmpty() || stdout.contains("pid: 1")) {
				assertThat(process.exitValue()).as(stdout + read(err)).isZero();
			}
			return stdout;
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
			if (namespace.isEmpty()) {
				// Pids printed inside a pid namespace are not this namespace's pids.
				endWhatIsLeft(read(out));
			}
		}
	}

	/**
	 * Ends every process the main reported, while it is still the same process: once the
	 * main's JVM has exited, its orphans belong to PID 1.
	 */
	private static void endWhatIsLeft(String stdout) {
		List<ProcessInfo> made = new ArrayList<>();
		for (String line : stdout.split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length == 4 && fields[0].equals("PROCESS")) {
				made.add(new ProcessInfo(Long.parseLong(fields[1]), 0, ProcessState.RUNNING, List.of(fields[3]),
						Long.parseLong(fields[2])));
			}
		}
		new ProcessTreeTerminator(Processes.table).terminate(made, Duration.ZERO);
	}

	private static String read(Path path) throws IOException {
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

}
