package io.childproc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.childproc.testsupport.Descendants;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.RealPrograms.Proc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Programs that users really run, driven as users drive them: headless Chromium (a tree
 * of five to seven processes) and ffmpeg. Skipped, with the reason, where the program is
 * not installed; {@code .ci/run} installs both. The same, with the JVM as PID 1 or a
 * subreaper, is in {@link AdoptingJvmTests}.
 */
class RealProgramsTests {

	private static final long self = ProcessHandle.current().pid();

	@TempDir
	Path temp;

	private DefaultProcessLauncher launcher;

	@BeforeEach
	void startLauncher() {
		this.launcher = new DefaultProcessLauncher(
				LauncherSettings.defaults().withTerminateGracePeriod(Duration.ofSeconds(2)));
	}

	@AfterEach
	void closeLauncher() {
		Descendants.closeAndAssertNoneLeft(this.launcher, Duration.ofSeconds(10));
	}

	@Test
	void shortChromiumRunsPrintTheirPageAndLeaveNoProcessNorZombie() throws Exception {
		List<String> chromium = chromium();
		for (int run = 0; run < 2; run++) {
			Path profile = Files.createDirectory(this.temp.resolve("run-" + run));
			ChildProcess child = this.launcher
				.start(new ProcessBuilder(RealPrograms.dumpDom(chromium, profile, "<p>childproc-" + run + "</p>"))
					.redirectError(ProcessBuilder.Redirect.DISCARD));
			String dom = new String(child.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(child.process().exitValue()).isZero();
			assertThat(dom).contains("<p>childproc-" + run + "</p>");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> Proc.descendants(self).isEmpty());
		this.launcher.reap();
		assertThat(this.launcher.recentExits()).extracting(ExitRecord::outcome)
			.containsExactly(Outcome.SUCCESS, Outcome.SUCCESS);
	}

	@Test
	void terminateEndsALastingChromiumAsAWholeTree() throws Exception {
		ChildProcess browser = startLastingChromium(StartOptions.DEFAULTS);
		List<Proc> tree = Proc.descendants(self);
		assertThat(browser.terminate(Duration.ofSeconds(2))).isTrue();
		assertThat(tree).allMatch(Proc::endedNow);
		await().atMost(Duration.ofSeconds(10)).until(() -> browser.outcome().isPresent());
		assertThat(browser.outcome()).contains(Outcome.SIGNALED);
	}

	@Test
	void aTimeoutEndsALastingChromiumAsAWholeTree() throws Exception {
		Path profile = Files.createDirectory(this.temp.resolve("profile"));
		ChildProcess browser = this.launcher.start(
				new ProcessBuilder(RealPrograms.lastingChromium(chromium(), profile))
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD),
				StartOptions.named("chromium").withTimeout(Duration.ofSeconds(3)));
		// Every process of the tree, as it grows until the timeout ends it.
		Map<Long, Proc> tree = new HashMap<>();
		CompletableFuture<ChildProcess> exit = browser.onExit();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			Proc.descendants(self).forEach((process) -> tree.putIfAbsent(process.pid(), process));
			return exit.isDone();
		});
		assertThat(browser.outcome()).contains(Outcome.TIMEOUT);
		assertThat(tree).as("the browser and its zygotes").hasSizeGreaterThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> tree.values().stream().allMatch(Proc::endedNow));
	}

	@Test
	void anEndlessFfmpegPastItsTimeoutEndsAsTimeout() throws Exception {
		Path ffmpeg = RealPrograms.ffmpeg().orElse(null);
		assumeThat(ffmpeg).as("ffmpeg is not installed (Debian package ffmpeg; .ci/run installs it)").isNotNull();
		ChildProcess encoder = this.launcher.start(
				new ProcessBuilder(RealPrograms.endlessFfmpeg(ffmpeg)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD),
				StartOptions.named("ffmpeg").withTimeout(Duration.ofSeconds(2)));
		encoder.onExit().get(30, TimeUnit.SECONDS);
		assertThat(encoder.outcome()).contains(Outcome.TIMEOUT);
		this.launcher.reap();
		assertThat(this.launcher.recentExits()).singleElement()
			.satisfies((record) -> assertThat(record.outcome()).isEqualTo(Outcome.TIMEOUT));
	}

	/**
	 * Starts a Chromium that runs until it is ended and waits until its tree is up: the
	 * DevTools server listens and the browser has at least four descendants.
	 */
	private ChildProcess startLastingChromium(StartOptions options) throws Exception {
		List<String> chromium = chromium();
		Path profile = Files.createDirectory(this.temp.resolve("profile"));
		Path stderr = this.temp.resolve("stderr");
		ChildProcess browser = this.launcher.start(new ProcessBuilder(RealPrograms.lastingChromium(chromium, profile))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(stderr.toFile()), options);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Files.readString(stderr, StandardCharsets.ISO_8859_1).contains(RealPrograms.CHROMIUM_READY)
					&& Proc.descendants(browser.pid()).size() >= 4);
		return browser;
	}

	private static List<String> chromium() {
		List<String> chromium = RealPrograms.chromium().orElse(null);
		assumeThat(chromium)
			.as("headless Chromium is not installed (Debian package chromium-headless-shell or "
					+ "chromium; .ci/run installs it)")
			.isNotNull();
		return chromium;
	}

}
