package io.childproc.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.childproc.ChildProcess;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.RealPrograms.Proc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real program ended over HTTP: {@code DELETE /actuator/children/<pid>} on a lasting
 * headless Chromium ends its whole tree, here and with the application as PID 1 of a pid
 * namespace, where closing the context with a Chromium running leaves nothing either.
 * Skipped, with the reason, where Chromium is not installed ({@code .ci/run} installs
 * it).
 */
@TestPropertySource(properties = "management.endpoint.children.access=unrestricted")
class RealProgramsHttpTests extends AbstractChildrenWebTests {

	@TempDir
	Path temp;

	private List<String> chromium;

	@BeforeEach
	void findChromium() {
		this.chromium = RealPrograms.chromium().orElse(null);
		assumeThat(this.chromium)
			.as("headless Chromium is not installed (Debian package chromium-headless-shell "
					+ "or chromium; .ci/run installs it)")
			.isNotNull();
	}

	@Test
	void deleteEndsALastingChromiumAsAWholeTree() throws Exception {
		Path profile = Files.createDirectory(this.temp.resolve("profile"));
		ChildProcess browser = this.launcher.start("chromium",
				new ProcessBuilder(RealPrograms.lastingChromium(this.chromium, profile))
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(profile.resolve("stderr").toFile()));
		int size = RealPrograms.awaitChromiumUp(browser.pid(), profile.resolve("stderr"), Duration.ofSeconds(30));
		List<Proc> tree = Proc.descendants(browser.pid());
		this.client.delete()
			.uri("/actuator/children/" + browser.pid())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.wasRunning")
			.isEqualTo(true)
			.jsonPath("$.terminated")
			.isEqualTo(true);
		assertThat(size).isGreaterThanOrEqualTo(5);
		assertThat(tree).allMatch(Proc::endedNow);
		assertThat(browser.process().isAlive()).isFalse();
	}

	@Test
	void asPid1DeleteAndContextCloseLeaveNoProcessNorZombie() throws Exception {
		Map<String, Map<String, String>> results = runAsPid1();
		assertThat(results.get("delete")).containsEntry("status", "200")
			.containsEntry("treeEnded", "true")
			.containsEntry("left", "0")
			.containsEntry("zombies", "0");
		assertThat(results.get("delete").get("body")).contains("\"terminated\":true");
		assertThat(results.get("context-close")).containsEntry("left", "0").containsEntry("zombies", "0");
	}

	private Map<String, Map<String, String>> runAsPid1() throws IOException, InterruptedException {
		// The kernel ends every process of the namespace when its PID 1 exits.
		List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
				"-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				RealProgramsHttpMain.class.getName()));
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				throw new AssertionError("The run did not end in 120 s: " + read(out) + read(err));
			}
			String stdout = read(out);
			System.out.println(stdout);
			if (!stdout.contains("pid: 1")) {
				String reason = "unshare --pid --fork --mount-proc was refused here: " + stdout + read(err);
				System.out.println("SKIPPED: " + reason);
				assumeThat(stdout).as(reason).contains("pid: 1");
			}
			assertThat(process.exitValue()).as(stdout + read(err)).isZero();
			return parse(stdout);
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static Map<String, Map<String, String>> parse(String stdout) {
		Map<String, Map<String, String>> results = new HashMap<>();
		for (String line : stdout.split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length > 2 && fields[0].equals("RESULT")) {
				Map<String, String> values = new HashMap<>();
				for (int i = 2; i < fields.length; i++) {
					int equals = fields[i].indexOf('=');
					values.put(fields[i].substring(0, equals), fields[i].substring(equals + 1));
				}
				results.put(fields[1], values);
			}
		}
		return results;
	}

	private static String read(Path path) throws IOException {
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

}
