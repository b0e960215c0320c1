package io.childproc.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's documentation as the tests read it: {@code README.md},
 * {@code BENCHMARKS.md} and every {@code docs/*.md}, found from the working directory up,
 * with the anchors GitHub gives their headings and the relative links they hold.
 */
final class Documentation {

	/** A Markdown link or image: [text](target) or ![alt](target). */
	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	/** An HTML anchor: <a id="x"> or <a name="x">. */
	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

	private Documentation() {
	}

	/** The project's root: the folder holding README.md and autoconfigure. */
	static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("autoconfigure"))) {
				return dir;
			}
		}
		throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
	}

	/** Every page, relative to {@code root}: README.md, BENCHMARKS.md, docs/*.md. */
	static List<String> pages(Path root) {
		List<String> pages = new ArrayList<>();
		for (String top : List.of("README.md", "BENCHMARKS.md")) {
			if (Files.isRegularFile(root.resolve(top))) {
				pages.add(top);
			}
		}
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.getFileName().toString().endsWith(".md"))
				.sorted()
				.forEach((path) -> pages.add(root.relativize(path).toString().replace('\\', '/')));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	static List<String> pages() {
		return pages(root());
	}

	static String read(String page) throws IOException {
		return Files.readString(root().resolve(page), StandardCharsets.UTF_8);
	}

	/**
	 * The anchors of a page's headings as GitHub makes them: lower case, every character
	 * but letters, digits, {@code _}, {@code -} and spaces dropped, spaces made
	 * {@code -}; a repeated heading gets {@code -1}, {@code -2}, ... Headings inside
	 * fenced code do not count; {@code <a id="...">} anchors do.
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose(markdown).split("\n", -1)) {
			Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
			if (heading.matches()) {
				String anchor = heading.group(1)
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
					.replace(' ', '-');
				int count = seen.merge(anchor, 1, Integer::sum) - 1;
				anchors.add((count == 0) ? anchor : anchor + "-" + count);
			}
			Matcher html = HTML_ANCHOR.matcher(line);
			while (html.find()) {
				anchors.add(html.group(1));
			}
		}
		return anchors;
	}

	/** The targets of the page's links outside code (fenced blocks and `inline code`). */
	static List<String> links(String markdown) {
		List<String> links = new ArrayList<>();
		String text = prose(markdown).replaceAll("`[^`\n]*`", "");
		Matcher matcher = LINK.matcher(text);
		while (matcher.find()) {
			links.add(matcher.group(1));
		}
		return links;
	}

	/** The page without its fenced code blocks (their lines are left empty). */
	static String prose(String markdown) {
		StringBuilder prose = new StringBuilder();
		boolean code = false;
		for (String line : markdown.split("\n", -1)) {
			if (line.stripLeading().startsWith("```")) {
				code = !code;
				prose.append('\n');
				continue;
			}
			prose.append(code ? "" : line).append('\n');
		}
		return prose.toString();
	}

}
