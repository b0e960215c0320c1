package io.childproc.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ExitRecord;
import io.childproc.LauncherSettings;
import io.childproc.Outcome;
import io.childproc.observation.ChildProcessObservationContext;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java snippets of README.md are code that compiles ({@link ReadmeSnippets},
 * whitespace aside) and does what the README says, against a real launcher and real
 * children.
 */
class ReadmeSnippetsTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapInterval(Duration.ZERO));

	private final Set<ProcessHandle> before = liveDescendants();

	@AfterEach
	void closeAndCheckNothingIsLeft() {
		this.launcher.close();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newDescendants()).isEmpty());
	}

	private Set<ProcessHandle> newDescendants() {
		Set<ProcessHandle> now = liveDescendants();
		now.removeAll(this.before);
		return now;
	}

	private static Set<ProcessHandle> liveDescendants() {
		return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).collect(Collectors.toSet());
	}

	@Test
	void everyJavaSnippetOfTheReadmeIsInReadmeSnippets() throws IOException {
		Path root = root();
		String code = squashedSnippetsClass(root, "ReadmeSnippets.java");
		List<String> snippets = javaSnippets(read(root.resolve("README.md")));
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(4);
		List<String> missing = snippets.stream().filter((snippet) -> !code.contains(squash(snippet))).toList();
		assertThat(missing)
			.as("README.md's ```java snippets that ReadmeSnippets.java does not hold (whitespace aside): "
					+ "change both together")
			.isEmpty();
	}

	@Test
	void everyJavaSnippetOfTheDocsPagesIsInDocsSnippets() throws IOException {
		Path root = root();
		String code = squashedSnippetsClass(root, "DocsSnippets.java");
		List<String> missing = new ArrayList<>();
		int count = 0;
		try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
			for (Path page : pages.filter((path) -> path.toString().endsWith(".md")).sorted().toList()) {
				for (String snippet : javaSnippets(read(page))) {
					count++;
					if (!code.contains(squash(snippet))) {
						missing.add(root.relativize(page) + ":\n" + snippet);
					}
				}
			}
		}
		assertThat(count).isGreaterThanOrEqualTo(3);
		assertThat(missing)
			.as("```java snippets of docs/*.md that DocsSnippets.java does not hold (whitespace aside): "
					+ "change both together")
			.isEmpty();
	}

	@Test
	void theDocsSnippetsMaskATokenAndAddATeamKey() throws Exception {
		DocsSnippets snippets = new DocsSnippets();
		// As the children endpoint applies them: through a Sanitizer, values shown.
		Sanitizer sanitizer = new Sanitizer(List.of(snippets.maskTokens()));
		assertThat(sanitizer.sanitize(new SanitizableData(null, "command[1]", "--token=hunter2"), true))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitizer.sanitize(new SanitizableData(null, "command[1]", "--verbose"), true))
			.isEqualTo("--verbose");
		ChildProcessObservationContext context = new ChildProcessObservationContext(this.launcher.start("true"), "true",
				null);
		assertThat(snippets.childProcessObservationConvention().getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("team", "media"));
	}

	@Test
	void theTranscoderTranscodesWithFfmpeg(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in.wav");
		ChildProcess tone = this.launcher.start(new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
				"sine=frequency=440:duration=0.2", in.toString()));
		assertThat(tone.onExit().get().exitCode()).hasValue(0);
		Path out = dir.resolve("out.flac");
		assertThat(new Transcoder(this.launcher).transcode(in, out)).isZero();
		assertThat(out).isNotEmptyFile();
		assertThat(this.launcher.children()).extracting(ChildProcess::name).contains("ffmpeg-transcode");
	}

	@Test
	void terminateEndsTheWholeTreeAndTheOutcomeIsSignaled() throws Exception {
		assertThat(ReadmeSnippets.waitOrEnd(this.launcher)).isEqualTo(Outcome.SIGNALED);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newDescendants()).isEmpty());
	}

	@Test
	void theListenerHearsEachReapedChild() throws Exception {
		ReadmeSnippets.lookAndListen(this.launcher);
		ChildProcess child = this.launcher.start("true");
		child.onExit().join();
		assertThat(this.launcher.reap()).isEqualTo(1);
		assertThat(ReadmeSnippets.lookAndListen(this.launcher)).extracting(ExitRecord::pid)
			.containsExactly(child.pid());
	}

	@Test
	void withoutSpringTheLauncherStartsAChildAndEndsEverythingAtClose() throws Exception {
		ReadmeSnippets.withoutSpring();
		assertThat(newDescendants()).isEmpty();
	}

	static List<String> javaSnippets(String markdown) {
		List<String> snippets = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?s)```java\n(.*?)```").matcher(markdown);
		while (matcher.find()) {
			snippets.add(matcher.group(1));
		}
		return snippets;
	}

	/** The code with its whitespace made one space, and none after ( or before ). */
	static String squash(String code) {
		return code.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip();
	}

	/**
	 * The {@link #squash(String) squashed} source of a snippets class of this package.
	 */
	private static String squashedSnippetsClass(Path root, String fileName) throws IOException {
		return squash(read(root.resolve("sample-app/src/test/java/io/childproc/readme/" + fileName)));
	}

	private static String read(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.UTF_8);
	}

	private static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sample-app"))) {
				return dir;
			}
		}
		throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
	}

}
