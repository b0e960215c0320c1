package io.childproc.internal.natives;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.tree.OrphanReapingMain;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests on Java 24 or later (JEP 472) that childproc loads native code only for a feature
 * that needs it. Each runs a JVM of its own: the running one when it is 24 or later, else
 * Temurin 25 from {@value #JAVA_25} when it is installed (skipped otherwise).
 */
class NativeAccessOnJava25Tests {

	static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

	private static final String RESTRICTED = "restricted method";

	@TempDir
	Path temp;

	@Test
	void anApplicationThatNeedsNoNativeCallLoadsNoJnaAndGetsNoRestrictedMethodWarning() throws Exception {
		Processes.assumeLinux();
		Result result = run(java(), "-cp", System.getProperty("java.class.path"), NativeAccessMain.class.getName());
		assertThat(result.exitCode).as(result.output).isZero();
		assertThat(result.output).contains("exit code 3", "reaps orphans false", "jna.loaded=null", "DONE")
			.doesNotContainIgnoringCase(RESTRICTED)
			.doesNotContain("WARNING");
		// The one start-up line that names the flag says which exit watcher runs and why
		// (the pidfd watcher would need native access): INFO, not a warning.
		assertThat(result.output.lines().filter((line) -> line.contains(NativeAccess.FLAG)))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("INFO: Child exits are watched by the jdk watcher");
	}

	@Test
	void asPid1WithoutNativeAccessOrphansAreStillReapedAndTheLogNamesTheFeatureAndTheFlag() throws Exception {
		Result result = runAsPid1();
		assertReaped(result);
		assertThat(result.output).contains("Orphan reaping as PID 1 needs native code (JNA)", NativeAccess.FLAG);
	}

	@Test
	void asPid1WithNativeAccessEnabledOrphansAreReapedWithNoWarning() throws Exception {
		Result result = runAsPid1(NativeAccess.FLAG);
		assertReaped(result);
		assertThat(result.output).doesNotContainIgnoringCase(RESTRICTED).doesNotContain("needs native code");
	}

	private Result runAsPid1(String... jvmOptions) throws Exception {
		Processes.assumeLinux();
		assumeThat(onPath("unshare")).as("unshare (util-linux) is not installed").isTrue();
		List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
		command.add(java());
		command.addAll(List.of(jvmOptions));
		command.addAll(
				List.of("-cp", System.getProperty("java.class.path"), OrphanReapingMain.class.getName(), "pid1", "20"));
		Result result = run(command.toArray(String[]::new));
		assumeThat(result.output).as("unshare --pid --fork --mount-proc was refused here: " + result.output)
			.contains("READY pid=1");
		return result;
	}

	private static void assertReaped(Result result) {
		assertThat(result.output).contains("reaps orphans: true", "zombies left: 0", "wrong: 0", "PASSED");
		assertThat(result.exitCode).as(result.output).isZero();
	}

	private static String java() {
		if (Runtime.version().feature() >= 24) {
			return Path.of(System.getProperty("java.home"), "bin", "java").toString();
		}
		assumeThat(Files.isExecutable(Path.of(JAVA_25))).as("Java 25 is not installed at " + JAVA_25).isTrue();
		return JAVA_25;
	}

	private Result run(String... command) throws IOException, InterruptedException {
		Path out = this.temp.resolve("output");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
		try {
			if (!process.waitFor(100, TimeUnit.SECONDS)) {
				throw new AssertionError("The run did not end in 100 s: " + Files.readString(out));
			}
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		String output = Files.readString(out, StandardCharsets.UTF_8);
		System.out.println(output);
		return new Result(process.exitValue(), output);
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private record Result(int exitCode, String output) {
	}

}
