package io.childproc.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs show (the module's
 * {@code META-INF/spring-configuration-metadata.json}, read from where
 * {@link ChildProcessProperties} was loaded: {@code target/classes} or the built jar) and
 * the README's property tables say the same: every property, a description, the same
 * default.
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String ADDITIONAL = "autoconfigure/src/main/resources/META-INF/additional-spring-configuration-metadata.json";

	/** The properties a user of childproc can set: its own, and its actuator parts'. */
	private static final Pattern OURS = Pattern
		.compile("childproc\\..+|management\\.health\\.children\\..+|management\\.endpoint\\.children\\..+");

	/** A table row whose first cell is a property: | `name` | default | meaning |. */
	private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|\\s*([^|]*?)\\s*\\|",
			Pattern.MULTILINE);

	@Test
	void everyPropertyOfTheMetadataHasADescriptionAndIsInTheReadmeConfigurationTable() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		Map<String, String> configurationTable = rows(section(readme(), "## Configuration"));
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, Map<String, Object>> property : metadata.entrySet()) {
			String name = property.getKey();
			Object description = property.getValue().get("description");
			if (description == null || description.toString().isBlank()) {
				problems.add(name + " has no description in " + METADATA + ": give its field in the "
						+ "@ConfigurationProperties class a Javadoc comment (or a \"description\" in " + ADDITIONAL
						+ ")");
			}
			if (!configurationTable.containsKey(name)) {
				Object value = property.getValue().get("defaultValue");
				problems.add(name + " is missing from README.md's Configuration table: add the row | `" + name + "` | "
						+ ((value != null) ? "`" + normalize(value) + "`" : "<what decides it>") + " | "
						+ ((description != null) ? description : "<what it does>") + " |");
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void everyPropertyInTheReadmeTablesIsInTheMetadataWithTheSameDefault() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		Map<String, List<String>> readmeRows = allRows(readme());
		assertThat(readmeRows).containsKeys("childproc.enabled", "management.health.children.enabled");
		List<String> problems = new ArrayList<>();
		readmeRows.forEach((name, defaults) -> {
			Map<String, Object> property = metadata.get(name);
			if (property == null) {
				problems
					.add(name + " is in README.md but not in " + METADATA + ": add it to a @ConfigurationProperties "
							+ "class (the configuration processor writes it), or to " + ADDITIONAL);
				return;
			}
			Object value = property.get("defaultValue");
			for (String readmeDefault : defaults) {
				String literal = literal(readmeDefault);
				if (literal == null && value != null) {
					problems.add(name + ": README.md says its default is \"" + readmeDefault + "\", the metadata says `"
							+ normalize(value) + "`; write `" + normalize(value)
							+ "` in README.md, or fix the default");
				}
				else if (literal != null && value == null) {
					problems.add(name + ": README.md says its default is `" + literal + "`, the metadata has none; "
							+ "initialise its field in the @ConfigurationProperties class (or add \"defaultValue\" to "
							+ ADDITIONAL + ")");
				}
				else if (literal != null && !literal.equals(normalize(value))) {
					problems.add(name + ": README.md says its default is `" + literal + "`, the metadata says `"
							+ normalize(value) + "`; make them equal");
				}
			}
		});
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void theHealthComponentSwitchIsDocumentedAsEnabledByDefault() throws IOException {
		Map<String, Object> property = metadata().get("management.health.children.enabled");
		assertThat(property).as("management.health.children.enabled in " + METADATA).isNotNull();
		assertThat(property).containsEntry("type", "java.lang.Boolean").containsEntry("defaultValue", true);
	}

	/** The default written in code style (`10s`), or null when prose (computed). */
	private static String literal(String cell) {
		Matcher matcher = Pattern.compile("^`([^`]*)`$").matcher(cell.strip());
		return matcher.matches() ? matcher.group(1) : null;
	}

	/** The metadata's default as the README writes it: read_only is read-only. */
	private static String normalize(Object value) {
		String text = String.valueOf(value);
		return (value instanceof String) ? text.toLowerCase(Locale.ROOT).replace('_', '-') : text;
	}

	private static Map<String, Map<String, Object>> metadata() throws IOException {
		Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
		List<Map<String, Object>> all = JsonPath.read(metadataJson(), "$.properties[*]");
		for (Map<String, Object> property : all) {
			String name = (String) property.get("name");
			if (OURS.matcher(name).matches()) {
				properties.put(name, property);
			}
		}
		assertThat(properties).as("childproc properties in " + METADATA).isNotEmpty();
		return properties;
	}

	private static String metadataJson() throws IOException {
		URI location;
		try {
			location = ChildProcessProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot tell where ChildProcessProperties was loaded from", ex);
		}
		Path path = Path.of(location);
		if (Files.isDirectory(path)) {
			Path file = path.resolve(METADATA);
			assertThat(file).as("the configuration processor's output").exists();
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		try (JarFile jar = new JarFile(path.toFile())) {
			ZipEntry entry = jar.getEntry(METADATA);
			assertThat(entry).as(METADATA + " in " + path).isNotNull();
			try (InputStream in = jar.getInputStream(entry)) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
	}

	private static String readme() throws IOException {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("autoconfigure"))) {
				return Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
			}
		}
		throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
	}

	private static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as("README.md has a section " + heading).isNotNegative();
		int end = markdown.indexOf("\n## ", start + heading.length() + 1);
		return markdown.substring(start, (end < 0) ? markdown.length() : end);
	}

	private static Map<String, String> rows(String markdown) {
		Map<String, String> rows = new LinkedHashMap<>();
		allRows(markdown).forEach((name, defaults) -> rows.put(name, defaults.get(0)));
		return rows;
	}

	private static Map<String, List<String>> allRows(String markdown) {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		Matcher matcher = ROW.matcher(markdown);
		while (matcher.find()) {
			if (OURS.matcher(matcher.group(1)).matches()) {
				rows.computeIfAbsent(matcher.group(1), (name) -> new ArrayList<>()).add(matcher.group(2));
			}
		}
		return rows;
	}

}
