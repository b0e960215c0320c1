package io.childproc.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a launcher's {@code close()} ends the orphans that the JVM adopted as a
 * child subreaper, and only those. Runs {@link AdoptedOrphansMain} in a JVM of its own,
 * so that this one never becomes a subreaper.
 */
class AdoptedOrphansTests {

	@TempDir
	Path temp;

	@Test
	void closeEndsTheOrphansTheJvmAdoptedAndLeavesOtherCodesChildrenAlone() throws Exception {
		Processes.assumeLinux();
		String stdout = run();
		assertThat(stdout).contains("subreaper: true");
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

	private String run() throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				AdoptedOrphansMain.class.getName())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				throw new AssertionError("The adopted orphans run did not end in 60 s: " + read(out) + read(err));
			}
			String stdout = read(out);
			System.out.println(stdout);
			assertThat(process.exitValue()).as(stdout + read(err)).isZero();
			return stdout;
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
			endWhatIsLeft(read(out));
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
