package io.childproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.childproc.testsupport.Descendants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java snippets of README.md's "A child's output" section: each is in this file, word
 * for word, and is run here against real children.
 */
class ReadmeOutputExamplesTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private final DefaultProcessLauncher owned = new DefaultProcessLauncher(
			LauncherSettings.builder().shutdownGracePeriod(Duration.ofSeconds(1)).build());

	/** The snippets' launcher, typed as they see it. */
	private final ProcessLauncher launcher = this.owned;

	private final List<String> failures = new ArrayList<>();

	@AfterEach
	void end() {
		Descendants.closeAndAssertNoneLeft(this.owned, Duration.ofSeconds(10));
	}

	@Test
	void everySnippetOfTheSectionIsInThisFileWordForWord() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("### A child's output");
		assertThat(start).as("README.md has the section \"### A child's output\"").isNotNegative();
		int end = readme.indexOf("\n#", start + 1);
		String section = readme.substring(start, (end > 0) ? end : readme.length());
		String source = normalized(
				Files.readString(Path.of("src", "test", "java", "io", "childproc", "ReadmeOutputExamplesTests.java")));
		Matcher blocks = JAVA_BLOCK.matcher(section);
		int count = 0;
		while (blocks.find()) {
			count++;
			String snippet = normalized(blocks.group(1));
			assertThat(source).as("README.md snippet %d of \"A child's output\" is in this test file", count)
				.contains(snippet);
		}
		assertThat(count).isEqualTo(3);
	}

	@Test
	void logIt() throws Exception {
		launcher.start(new ProcessBuilder("sh", "-c", "echo converting; echo 'frame 12 dropped' >&2"),
				StartOptions.named("convert").withOutput(ChildOutput.log()));
		ChildProcess child = launcher.children().get(0);
		child.onExit().get(30, TimeUnit.SECONDS);
		assertThat(child.output().stdoutBytes()).isEqualTo(11);
		assertThat(child.output().stderrBytes()).isEqualTo(17);
	}

	@Test
	void captureItAndReadWhyItFailed() throws Exception {
		List<String> failures = this.failures;
		ChildProcess status = launcher.start(new ProcessBuilder("git", "-C", "/no/such/repository", "status"),
				StartOptions.named("git-status").withOutput(ChildOutput.capture(64 * 1024)));
		status.onExit().join();
		if (status.outcome().orElseThrow() != Outcome.SUCCESS) {
			failures.add("git status failed: " + status.output().stderr());
		}
		assertThat(failures).singleElement().asString().startsWith("git status failed: fatal:");
	}

	@Test
	void discardIt() throws Exception {
		launcher.start(new ProcessBuilder("sh", "-c", "yes | head -c 10000000"),
				StartOptions.named("noisy").withOutput(ChildOutput.discard()));
		ChildProcess child = launcher.children().get(0);
		assertThat(child.onExit().get(60, TimeUnit.SECONDS).exitCode()).hasValue(0);
		assertThat(child.process().getInputStream().read()).isEqualTo(-1);
	}

	private static String normalized(String code) {
		return code.replaceAll("\\s+", " ").trim();
	}

}
