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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The PID-1 soak ({@link Pid1SoakMain}) in a new pid namespace: orphans made at a steady
 * pace are all reaped, no zombie outlives the monitor's one-second rule after any scan,
 * and JDK-launched children keep their exit codes. The default is 200 orphans over 10 s;
 * {@code -Dchildproc.soak.orphans=2000 -Dchildproc.soak.seconds=60} runs the full size.
 */
class Pid1SoakTests {

	private static final int ORPHANS = Integer.getInteger("childproc.soak.orphans", 200);

	private static final int SECONDS = Integer.getInteger("childproc.soak.seconds", 10);

	@TempDir
	Path temp;

	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void orphansMadeAtASteadyPaceAreReapedScanAfterScanAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		assumeThat(onPath("unshare")).as("unshare (util-linux) is not installed").isTrue();
		List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Pid1SoakMain.class.getName(), Integer.toString(ORPHANS),
				Integer.toString(SECONDS)));
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			// Generous on a busy machine: the starts may not keep the pace.
			if (!process.waitFor(SECONDS + 180 + ORPHANS / 5, TimeUnit.SECONDS)) {
				throw new AssertionError("The soak did not end in time: " + read(out) + read(err));
			}
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		String stdout = read(out);
		if (!stdout.contains("READY")) {
			String reason = "unshare --pid --fork --mount-proc was refused here (exit " + process.exitValue() + "): "
					+ read(err).strip();
			System.out.println("SKIPPED: " + reason);
			assumeThat(stdout).as(reason).contains("READY");
		}
		stdout.lines().filter((line) -> line.startsWith("SOAK")).forEach(System.out::println);
		assertThat(stdout).as(stdout + read(err))
			.contains("READY pid=1", "reaps orphans: true", "overdueAfterScan=0 zombiesLeft=0",
					"exitCodesChecked=" + (2 * ORPHANS) + " wrong=0", "PASSED");
		assertThat(process.exitValue()).isZero();
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

}
