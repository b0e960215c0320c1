package io.childproc.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of {@code README.md}, {@code BENCHMARKS.md} and {@code docs/*.md}
 * leads somewhere: the file or folder exists in the project, and an anchor
 * ({@code page.md#anchor}, {@code #anchor}) names a heading of that page as GitHub makes
 * its anchors. Links to other sites are not followed.
 */
class DocumentationLinksTests {

	@Test
	void everyRelativeLinkAndAnchorOfTheDocumentationResolves() throws IOException {
		Path root = Documentation.root();
		List<String> pages = Documentation.pages(root);
		assertThat(pages).contains("README.md", "docs/configuration.md", "docs/monitoring.md");
		List<String> problems = brokenLinks(root, pages);
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void everyDocsPageIsLinkedFromTheReadme() throws IOException {
		Path root = Documentation.root();
		List<String> readmeLinks = Documentation.links(Documentation.read("README.md"));
		List<String> unlinked = new ArrayList<>();
		for (String page : Documentation.pages(root)) {
			if (!page.equals("README.md")
					&& readmeLinks.stream().noneMatch((link) -> link.equals(page) || link.startsWith(page + "#"))) {
				unlinked.add(page + " is not linked from README.md: add it to the table under \"## Documentation\"");
			}
		}
		assertThat(unlinked).as(String.join("\n", unlinked)).isEmpty();
	}

	@Test
	void aMissingFileOrAnchorIsReported(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("docs"));
		Files
			.writeString(root.resolve("README.md"),
					"# Title\n\n## Use it\n\nSee [a](docs/a.md#first-steps), [b](docs/b.md), [c](#use-it), [d](#nope)"
							+ " and [e](docs/a.md#second).\n\n```md\n[in code](nowhere.md)\n```\n",
					StandardCharsets.UTF_8);
		Files.writeString(root.resolve("docs/a.md"), "# A\n\n## First steps\n\n[back](../README.md#use-it)\n",
				StandardCharsets.UTF_8);
		assertThat(brokenLinks(root, Documentation.pages(root))).containsExactly(
				"README.md: docs/b.md: no such file or folder", "README.md: #nope: README.md has no such heading",
				"README.md: docs/a.md#second: docs/a.md has no such heading");
	}

	@Test
	void anchorsAreMadeAsGitHubMakesThem() {
		assertThat(Documentation.anchors("# childproc\n## Use it\n### The `children` endpoint\n"
				+ "## What close() ends, and what can still escape\n## Use it\n```\n# not a heading\n```\n"))
			.containsExactly("childproc", "use-it", "the-children-endpoint",
					"what-close-ends-and-what-can-still-escape", "use-it-1");
	}

	static List<String> brokenLinks(Path root, List<String> pages) throws IOException {
		List<String> problems = new ArrayList<>();
		for (String page : pages) {
			Path file = root.resolve(page);
			for (String link : Documentation.links(Files.readString(file, StandardCharsets.UTF_8))) {
				if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
					continue; // https:, mailto:: another site
				}
				int hash = link.indexOf('#');
				String path = (hash < 0) ? link : link.substring(0, hash);
				String anchor = (hash < 0) ? null : link.substring(hash + 1);
				Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
				if (!target.startsWith(root)) {
					problems.add(page + ": " + link + ": leads out of the project");
					continue;
				}
				if (!Files.exists(target)) {
					problems.add(page + ": " + link + ": no such file or folder");
					continue;
				}
				if (anchor != null && target.toString().endsWith(".md")
						&& !Documentation.anchors(Files.readString(target, StandardCharsets.UTF_8)).contains(anchor)) {
					problems.add(page + ": " + link + ": " + root.relativize(target).toString().replace('\\', '/')
							+ " has no such heading");
				}
			}
		}
		return problems;
	}

}
