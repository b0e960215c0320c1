package io.childproc.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.childproc.ChildProcess;
import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.ScenarioRun;
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
		List<String> command = ScenarioRun.command(ChildJvm.NEW_PID_NAMESPACE, "256m", RealProgramsHttpMain.class,
				List.of());
		return ScenarioRun.results(ScenarioRun.run(command, true, this.temp, Duration.ofSeconds(120)));
	}

}
