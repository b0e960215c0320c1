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
 * the documentation's property tables say the same: every property, a description, the
 * same default. The reference table is the section "## Properties" of
 * {@code docs/configuration.md}; every other property table of {@code README.md} and
 * {@code docs/*.md} is checked against the metadata too.
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

	private static final String CONFIGURATION = "docs/configuration.md";

	@Test
	void everyPropertyOfTheMetadataHasADescriptionAndIsInTheConfigurationTable() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		Map<String, String> configurationTable = rows(section(Documentation.read(CONFIGURATION), "## Properties"));
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
				problems.add(name + " is missing from the table under \"## Properties\" in " + CONFIGURATION
						+ ": add the row | `" + name + "` | "
						+ ((value != null) ? "`" + normalize(value) + "`" : "<what decides it>") + " | "
						+ ((description != null) ? description : "<what it does>") + " |");
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void everyPropertyInTheDocumentationTablesIsInTheMetadataWithTheSameDefault() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		List<String> problems = new ArrayList<>();
		Map<String, List<String>> tables = new LinkedHashMap<>();
		for (String page : Documentation.pages()) {
			Map<String, List<String>> rows = allRows(Documentation.read(page));
			tables.put(page, new ArrayList<>(rows.keySet()));
			rows.forEach((name, defaults) -> check(page, name, defaults, metadata, problems));
		}
		assertThat(tables.get(CONFIGURATION)).contains("childproc.enabled", "management.health.children.enabled");
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	private static void check(String page, String name, List<String> defaults,
			Map<String, Map<String, Object>> metadata, List<String> problems) {
		Map<String, Object> property = metadata.get(name);
		if (property == null) {
			problems.add(name + " is in " + page + " but not in " + METADATA + ": add it to a @ConfigurationProperties "
					+ "class (the configuration processor writes it), or to " + ADDITIONAL);
			return;
		}
		Object value = property.get("defaultValue");
		for (String documentedDefault : defaults) {
			String literal = literal(documentedDefault);
			if (literal == null && value != null) {
				problems.add(name + ": " + page + " says its default is \"" + documentedDefault
						+ "\", the metadata says `" + normalize(value) + "`; write `" + normalize(value) + "` in "
						+ page + ", or fix the default");
			}
			else if (literal != null && value == null) {
				problems.add(name + ": " + page + " says its default is `" + literal + "`, the metadata has none; "
						+ "initialise its field in the @ConfigurationProperties class (or add \"defaultValue\" to "
						+ ADDITIONAL + ")");
			}
			else if (literal != null && !literal.equals(normalize(value))) {
				problems.add(name + ": " + page + " says its default is `" + literal + "`, the metadata says `"
						+ normalize(value) + "`; make them equal");
			}
		}
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

	private static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as(CONFIGURATION + " has a section " + heading).isNotNegative();
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
