package io.childproc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.ScenarioRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests that what the launcher ends leaves nothing behind when the JVM adopts orphans: as
 * PID 1 of a pid namespace (a container without an init such as tini) or as a child
 * subreaper. Then every process of an ended tree whose parent died first is reparented to
 * the JVM, which the JDK never waits for: the launcher reaps it, by its own pid, before
 * {@code close()} or {@code terminate()} returns. Runs {@link RealProgramsMain} in a JVM
 * of its own; the scenarios with Chromium and ffmpeg are skipped where these are not
 * installed.
 */
class AdoptingJvmTests {

	@TempDir
	Path temp;

	@Test
	void asPid1CloseReapsTheAdoptedProcessesOfTheTreesItEnded() throws Exception {
		Map<String, Map<String, String>> results = runAsPid1("close-sh");
		assertThat(results.get("close-sh")).containsEntry("tree", "3")
			.containsEntry("left", "0")
			.containsEntry("zombies", "0");
	}

	@Test
	void asSubreaperCloseReapsTheAdoptedProcessesOfTheTreesItEnded() throws Exception {
		Map<String, Map<String, String>> results = run(List.of(), "subreaper", "close-sh");
		assertThat(results.get("close-sh")).containsEntry("tree", "3")
			.containsEntry("left", "0")
			.containsEntry("zombies", "0");
	}

	@Test
	void asPid1RealProgramsAreEndedAsWholeTreesAndLeaveNothing() throws Exception {
		assumeRealPrograms();
		Map<String, Map<String, String>> results = runAsPid1("close-chromium", "terminate-chromium", "timeout-chromium",
				"ffmpeg-timeout", "dump-dom");
		assertThat(results.get("close-chromium")).containsEntry("left", "0").containsEntry("zombies", "0");
		assertThat(results.get("terminate-chromium")).containsEntry("ended", "true")
			.containsEntry("treeEnded", "true")
			.containsEntry("left", "0")
			.containsEntry("zombies", "0");
		assertThat(results.get("timeout-chromium")).containsEntry("outcome", "TIMEOUT")
			.containsEntry("treeEnded", "true")
			.containsEntry("left", "0");
		assertThat(results.get("ffmpeg-timeout")).containsEntry("outcome", "TIMEOUT").containsEntry("left", "0");
		assertThat(results.get("dump-dom")).containsEntry("exits", "0,0,")
			.containsEntry("printed", "true")
			.containsEntry("left", "0");
		// Whole trees: the browser, its zygotes and their helpers.
		assertThat(Integer.parseInt(results.get("close-chromium").get("tree"))).isGreaterThanOrEqualTo(5);
	}

	@Test
	void asSubreaperCloseLeavesNothingOfALastingChromium() throws Exception {
		assumeRealPrograms();
		Map<String, Map<String, String>> results = run(List.of(), "subreaper", "close-chromium");
		assertThat(results.get("close-chromium")).containsEntry("left", "0").containsEntry("zombies", "0");
	}

	private static void assumeRealPrograms() {
		assumeThat(RealPrograms.chromium())
			.as("headless Chromium is not installed (Debian package "
					+ "chromium-headless-shell or chromium; .ci/run installs it)")
			.isPresent();
		assumeThat(RealPrograms.ffmpeg()).as("ffmpeg is not installed (Debian package ffmpeg; .ci/run installs it)")
			.isPresent();
	}

	private Map<String, Map<String, String>> runAsPid1(String... scenarios) throws Exception {
		// The kernel ends every process of the namespace when its PID 1 exits.
		return run(ChildJvm.NEW_PID_NAMESPACE, "pid1", scenarios);
	}

	/**
	 * Runs the main and returns each scenario's keys and values; skips when the pid
	 * namespace is refused here.
	 */
	private Map<String, Map<String, String>> run(List<String> namespace, String mode, String... scenarios)
			throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(List.of(mode));
		args.addAll(List.of(scenarios));
		// As PID 1 the namespace ends with it; as a subreaper its descendants are ours:
		// the run ends them.
		ChildJvm.Run run = ScenarioRun.run(ScenarioRun.command(namespace, "128m", RealProgramsMain.class, args),
				mode.equals("pid1"), this.temp, Duration.ofSeconds(90));
		if (mode.equals("subreaper")) {
			assertThat(run.stdout()).as(run.stderr()).contains("subreaper: true");
		}
		return ScenarioRun.results(run);
	}

}
