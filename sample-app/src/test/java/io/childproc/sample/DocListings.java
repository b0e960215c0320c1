package io.childproc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listings of the sample's output in {@code README.md} and {@code docs/*.md}, and
 * what the running sample prints for the same commands.
 * <p>
 * A listing is a {@code ```console} block right after a comment
 * {@code <!-- sample listing: profile P -->} (P may be followed by arguments of the
 * sample, {@code profile reference --childproc.max-live=1}): lines starting with
 * {@code $ } are commands as a user types them against the sample on
 * {@code localhost:8080}, the lines after each are its output. This class runs each
 * command against the sample under test (a {@code curl} as an HTTP request, then its
 * pipeline of {@code grep} and {@code jq} filters, each a filter this class knows by its
 * exact text) and compares what comes out with the listing, line by line for text and as
 * parsed JSON for JSON. What differs from run to run is compared by its shape only: pids,
 * instants, durations, counters that grow and the values of meters that move (see
 * {@link #normalize(String)}); everything else (every field, meter, tag and order, exit
 * codes, the unreaped count, the limits) must be equal. A command waits, with a deadline,
 * until the sample's output matches, so a listing caught between two children passes once
 * the sample is in the state the listing shows; {@code $ sleep N} gives the next command
 * N more seconds.
 */
final class DocListings {

	static final Pattern MARKER = Pattern.compile("<!-- sample listing: profile ([\\w-]+(?: --[\\w.-]+=\\S+)*) -->");

	/**
	 * The marker of a listing that a test class of its own checks (its filters are not
	 * among those this class answers); the class must exist in this package.
	 */
	static final Pattern CHECKED_ELSEWHERE = Pattern.compile("<!-- sample listing: checked by (\\w+) -->");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Numbers that differ from run to run: compared as "a number". */
	private static final Set<String> MOVING_NUMBERS = Set.of("pid", "ppid", "childPid", "lastPid", "live", "exited",
			"started", "zombies");

	/** Strings that depend on the machine: compared as "a string". */
	private static final Set<String> MACHINE_STRINGS = Set.of("exitWatcher");

	/**
	 * Meters whose value is compared exactly; every other meter's value is "a number".
	 */
	private static final Set<String> EXACT_METERS = Set.of("process_children_max", "process_children_unreaped",
			"process_children_start_failures_total", "process_children_orphans_reaped_total");

	private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

	private static final Pattern DURATION = Pattern.compile("-?P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");

	private static final Pattern METER_LINE = Pattern.compile("^([a-zA-Z_:][\\w:]*(?:\\{[^}]*\\})?) (\\S+)$");

	private static final Pattern CURL = Pattern.compile(
			"curl -s(?: -X (POST|DELETE))?(?: -H 'Content-Type: application/json')?(?: -d '([^']*)')? localhost:8080(/\\S*)");

	/** A shell assignment of a command's output: NAME=$(command). */
	private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=\\$\\((.*)\\)");

	/** A jq object of some members: {a, b, c}. */
	private static final Pattern PICK = Pattern.compile("\\{\\s*\\w+(\\s*,\\s*\\w+)*\\s*}");

	/**
	 * A jq filter that picks the last pid of one job of the sample: .jobs[] |
	 * select(.name == "x") | .lastPid.
	 */
	private static final Pattern LAST_PID = Pattern
		.compile("\\.jobs\\[] \\| select\\(\\.name == \"([\\w-]+)\"\\) \\| \\.lastPid");

	private static final String DELETE_RUNNING = "for pid in $(curl -s localhost:8080/actuator/children | jq '.children[] | select(.state == \"RUNNING\") | .pid'); do curl -s -X DELETE localhost:8080/actuator/children/$pid | jq -c '{name, wasRunning, terminated, exitCode}'; done | sort | uniq -c";

	/** The jq filters the listings use, by their exact text, as Java. */
	private static final Map<String, UnaryOperator<Object>> JQ = Map.of(".recentExits |= .[:1]",
			(json) -> truncate(json, "recentExits", 1),
			"{live, unreaped, zombies, children: [.children[] | select(.state == \"RUNNING\")][:1], zombieProcesses: .zombieProcesses[:1]}",
			DocListings::oldestRunningChildAndOneZombie, ".components.children",
			(json) -> field(field(json, "components"), "children"),
			"{unreaped, children: [.children[] | {pid, state, exitedAt}]}", DocListings::unreapedChildren,
			"{name, wasRunning, terminated, exitCode}",
			(json) -> pick(json, "name", "wasRunning", "terminated", "exitCode"));

	private DocListings() {
	}

	/** One {@code ```console} block marked as a listing of the sample. */
	record Listing(String page, int line, String profile, List<Step> steps) {

		@Override
		public String toString() {
			return this.page + ":" + this.line;
		}

	}

	/** A command and the output the listing shows for it. */
	record Step(String command, List<String> output) {
	}

	/** Every listing of the sample in the README and docs/*.md, in reading order. */
	static List<Listing> all() {
		List<Listing> listings = new ArrayList<>();
		for (String page : pages()) {
			listings.addAll(parse(page, read(page)));
		}
		return listings;
	}

	static List<Listing> of(String profile) {
		return all().stream().filter((listing) -> listing.profile().equals(profile)).toList();
	}

	static List<Listing> parse(String page, String markdown) {
		List<Listing> listings = new ArrayList<>();
		String[] lines = markdown.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			Matcher marker = MARKER.matcher(lines[i].strip());
			if (!marker.matches()) {
				continue;
			}
			int start = i + 1;
			while (start < lines.length && lines[start].isBlank()) {
				start++;
			}
			assertThat(start < lines.length && lines[start].equals("```console"))
				.as(page + ":" + (i + 1) + ": a sample listing marker must be followed by a ```console block")
				.isTrue();
			List<Step> steps = new ArrayList<>();
			int end = start + 1;
			for (; end < lines.length && !lines[end].startsWith("```"); end++) {
				if (lines[end].startsWith("$ ")) {
					steps.add(new Step(lines[end].substring(2), new ArrayList<>()));
				}
				else {
					assertThat(steps).as(page + ":" + (end + 1) + ": output before the first $ command").isNotEmpty();
					steps.get(steps.size() - 1).output().add(lines[end]);
				}
			}
			listings.add(new Listing(page, start + 1, marker.group(1), steps));
			i = end;
		}
		return listings;
	}

	/**
	 * Every {@code ```console} block that talks to the sample ({@code localhost:8080})
	 * and carries no marker: a listing nobody checks.
	 */
	private static boolean checkedElsewhere(String marker) {
		java.util.regex.Matcher matcher = CHECKED_ELSEWHERE.matcher(marker);
		if (!matcher.matches()) {
			return false;
		}
		try {
			Class.forName(DocListings.class.getPackageName() + "." + matcher.group(1));
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	static List<String> unmarked() {
		List<String> unmarked = new ArrayList<>();
		for (String page : pages()) {
			String[] lines = read(page).split("\n", -1);
			String previous = "";
			for (int i = 0; i < lines.length; i++) {
				if (lines[i].equals("```console")) {
					int end = i + 1;
					StringBuilder block = new StringBuilder();
					while (end < lines.length && !lines[end].startsWith("```")) {
						block.append(lines[end++]).append('\n');
					}
					if (block.toString().contains("localhost:8080") && !MARKER.matcher(previous).matches()
							&& !checkedElsewhere(previous)) {
						unmarked.add(page + ":" + (i + 1));
					}
					i = end;
				}
				if (!lines[i].isBlank()) {
					previous = lines[i].strip();
				}
			}
		}
		return unmarked;
	}

	/**
	 * Runs every step of the listing against the sample behind {@code http}, each until
	 * its output matches the listing's, with a deadline.
	 */
	static void check(Listing listing, Http http, Map<String, String> variables) {
		Duration extra = Duration.ZERO;
		for (Step step : listing.steps()) {
			Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(step.command());
			if (sleep.matches()) {
				extra = Duration.ofSeconds(Long.parseLong(sleep.group(1)));
				assertThat(step.output()).as(listing + ": sleep prints nothing").isEmpty();
				continue;
			}
			Matcher assignment = ASSIGNMENT.matcher(step.command());
			if (assignment.matches()) {
				assertThat(step.output()).as(listing + ": an assignment prints nothing").isEmpty();
				String value = run(assignment.group(2), http, variables);
				assertThat(value).as(listing + ": " + step.command() + " gave nothing").isNotBlank();
				variables.put(assignment.group(1), value);
				continue;
			}
			String expected = normalize(String.join("\n", step.output()));
			String[] last = { "" };
			try {
				await().atMost(Duration.ofSeconds(40).plus(extra)).pollInterval(Duration.ofMillis(200)).until(() -> {
					last[0] = run(step.command(), http, variables);
					return normalize(last[0]).equals(expected);
				});
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				throw new AssertionError(listing + ": the sample's output of\n$ " + step.command()
						+ "\ndiffers from the listing." + "\nThe listing, compared by shape:\n" + expected
						+ "\nThe sample, compared by shape:\n" + normalize(last[0])
						+ "\nThe sample printed (paste it into the listing):\n" + last[0], ex);
			}
			extra = Duration.ZERO;
		}
	}

	/** What the command prints against the sample, as a user would see it. */
	static String run(String command, Http http, Map<String, String> variables) {
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			command = command.replace("$" + variable.getKey(), variable.getValue());
		}
		if (command.equals(DELETE_RUNNING)) {
			return deleteRunning(http);
		}
		List<String> pipeline = pipeline(command);
		Matcher curl = CURL.matcher(pipeline.get(0));
		assertThat(curl.matches()).as("DocListings does not know the command `" + pipeline.get(0)
				+ "`: write it as curl -s [-X POST|DELETE] [-H 'Content-Type: application/json'] [-d '...'] localhost:8080/path")
			.isTrue();
		HttpResponse<String> response = ("POST".equals(curl.group(1)))
				? ((curl.group(2) != null) ? http.post(curl.group(3), curl.group(2)) : http.post(curl.group(3)))
				: ("DELETE".equals(curl.group(1))) ? http.delete(curl.group(3)) : http.get(curl.group(3));
		String output = response.body();
		for (String filter : pipeline.subList(1, pipeline.size())) {
			output = filter(filter, output);
		}
		return output.strip();
	}

	/** The commands of a shell pipeline: split at each | outside single quotes. */
	static List<String> pipeline(String command) {
		List<String> commands = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		for (char c : command.toCharArray()) {
			if (c == '\'') {
				quoted = !quoted;
			}
			if (c == '|' && !quoted) {
				commands.add(current.toString().strip());
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		commands.add(current.toString().strip());
		return commands;
	}

	/** JSON as jq prints it: two spaces of indent, one member or element a line. */
	static String jq(Object json, String indent) {
		if (json instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				return "{}";
			}
			String inner = indent + "  ";
			return map.entrySet()
				.stream()
				.map((entry) -> inner + JSON.writeValueAsString(entry.getKey()) + ": " + jq(entry.getValue(), inner))
				.collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
		}
		if (json instanceof List<?> list) {
			if (list.isEmpty()) {
				return "[]";
			}
			String inner = indent + "  ";
			return list.stream()
				.map((element) -> inner + jq(element, inner))
				.collect(Collectors.joining(",\n", "[\n", "\n" + indent + "]"));
		}
		return JSON.writeValueAsString(json);
	}

	private static String filter(String filter, String input) {
		Matcher grep = Pattern.compile("grep( -v| -E)? '?([^' ]+)'?").matcher(filter);
		if (grep.matches()) {
			boolean invert = " -v".equals(grep.group(1));
			Pattern pattern = Pattern.compile(grep.group(2));
			return input.lines()
				.filter((line) -> pattern.matcher(line).find() != invert)
				.collect(Collectors.joining("\n"));
		}
		Matcher jq = Pattern.compile("jq( -c)? '?(.+?)'?").matcher(filter);
		assertThat(jq.matches()).as("DocListings does not know the filter `" + filter + "`").isTrue();
		UnaryOperator<Object> operation = JQ.get(jq.group(2));
		Matcher lastPid = LAST_PID.matcher(jq.group(2));
		if (operation == null && PICK.matcher(jq.group(2)).matches()) {
			String[] keys = jq.group(2).replaceAll("[{}\\s]", "").split(",");
			operation = (json) -> pick(json, keys);
		}
		else if (operation == null && lastPid.matches()) {
			operation = (json) -> list(map(json).get("jobs")).stream()
				.filter((job) -> lastPid.group(1).equals(map(job).get("name")))
				.map((job) -> map(job).get("lastPid"))
				.findFirst()
				.orElseThrow();
		}
		assertThat(operation).as("DocListings does not know the jq filter `" + jq.group(2) + "`: add it to JQ")
			.isNotNull();
		Object result = operation.apply(JSON.readValue(input, Object.class));
		return (jq.group(1) != null) ? JSON.writeValueAsString(result) : jq(result, "");
	}

	private static String deleteRunning(Http http) {
		List<Object> children = list(
				field(JSON.readValue(http.get("/actuator/children").body(), Object.class), "children"));
		Map<String, Integer> counts = new TreeMap<>();
		for (Object child : children) {
			Map<?, ?> map = (Map<?, ?>) child;
			if ("RUNNING".equals(map.get("state"))) {
				String answer = http.delete("/actuator/children/" + map.get("pid")).body();
				counts.merge(JSON.writeValueAsString(
						pick(JSON.readValue(answer, Object.class), "name", "wasRunning", "terminated", "exitCode")), 1,
						Integer::sum);
			}
		}
		return counts.entrySet()
			.stream()
			.map((entry) -> String.format("%7d %s", entry.getValue(), entry.getKey()))
			.collect(Collectors.joining("\n"));
	}

	/**
	 * The output with what differs from run to run replaced by its kind: JSON is parsed
	 * and written back with moving numbers, instants and durations replaced; meter lines
	 * keep their name and tags and lose their value (but for {@link #EXACT_METERS}); the
	 * counts of {@code uniq -c} go.
	 */
	static String normalize(String output) {
		List<String> lines = new ArrayList<>();
		String text = output.strip();
		if (text.startsWith("{") || text.startsWith("[")) {
			try {
				return JSON.writeValueAsString(normalizeJson(null, JSON.readValue(text, Object.class)));
			}
			catch (RuntimeException ex) {
				// not one JSON document: line by line below
			}
		}
		for (String line : text.lines().toList()) {
			Matcher meter = METER_LINE.matcher(line);
			Matcher counted = Pattern.compile("^\\s*\\d+ (\\{.*)$").matcher(line);
			if (counted.matches()) {
				lines.add("<count> " + normalize(counted.group(1)));
			}
			else if (line.startsWith("{")) {
				lines.add(normalize(line));
			}
			else if (meter.matches()) {
				String name = meter.group(1).replaceAll("\\{.*", "");
				lines.add(meter.group(1) + " " + (EXACT_METERS.contains(name) ? meter.group(2) : "<number>"));
			}
			else {
				lines.add(line);
			}
		}
		return String.join("\n", lines);
	}

	private static Object normalizeJson(String key, Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> normalized = new LinkedHashMap<>();
			map.forEach((k, v) -> normalized.put((String) k, normalizeJson((String) k, v)));
			return normalized;
		}
		if (value instanceof List<?> list) {
			return list.stream().map((element) -> normalizeJson(key, element)).toList();
		}
		if (value instanceof Number && MOVING_NUMBERS.contains(key)) {
			return "<number>";
		}
		if (value instanceof String string) {
			if (MACHINE_STRINGS.contains(key)) {
				return "<string>";
			}
			if (INSTANT.matcher(string).matches()) {
				return "<instant>";
			}
			if (DURATION.matcher(string).matches()) {
				return "<duration>";
			}
		}
		return value;
	}

	private static Object truncate(Object json, String key, int size) {
		Map<String, Object> copy = new LinkedHashMap<>(map(json));
		List<Object> list = list(copy.get(key));
		copy.put(key, list.subList(0, Math.min(size, list.size())));
		return copy;
	}

	private static Object field(Object json, String key) {
		return map(json).get(key);
	}

	private static Object pick(Object json, String... keys) {
		Map<String, Object> picked = new LinkedHashMap<>();
		for (String key : keys) {
			picked.put(key, map(json).get(key));
		}
		return picked;
	}

	private static Object oldestRunningChildAndOneZombie(Object json) {
		Map<String, Object> result = new LinkedHashMap<>();
		for (String key : List.of("live", "unreaped", "zombies")) {
			result.put(key, map(json).get(key));
		}
		result.put("children",
				list(map(json).get("children")).stream()
					.filter((child) -> "RUNNING".equals(map(child).get("state")))
					.limit(1)
					.toList());
		List<Object> zombies = list(map(json).get("zombieProcesses"));
		result.put("zombieProcesses", zombies.subList(0, Math.min(1, zombies.size())));
		return result;
	}

	private static Object unreapedChildren(Object json) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("unreaped", map(json).get("unreaped"));
		result.put("children",
				list(map(json).get("children")).stream()
					.map((child) -> pick(child, "pid", "state", "exitedAt"))
					.toList());
		return result;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object json) {
		assertThat(json).isInstanceOf(Map.class);
		return (Map<String, Object>) json;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object json) {
		assertThat(json).isInstanceOf(List.class);
		return (List<Object>) json;
	}

	static List<String> pages() {
		Path root = root();
		List<String> pages = new ArrayList<>(List.of("README.md"));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.map((path) -> "docs/" + path.getFileName())
				.filter((name) -> name.endsWith(".md"))
				.sorted()
				.forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	static String read(String page) {
		try {
			return Files.readString(root().resolve(page), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
