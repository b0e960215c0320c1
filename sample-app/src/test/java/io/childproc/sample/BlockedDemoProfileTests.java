package io.childproc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code blocked-demo} profile: a job whose children write to a pipe nobody reads,
 * seen as blocked on their output by the endpoint, the gauge and the health details, as
 * the tour's listing shows them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("blocked-demo")
@DirtiesContext
class BlockedDemoProfileTests {

	private static final Pattern BLOCKED = Pattern.compile("(?m)^process_children_blocked (\\S+)$");

	private static final String TOUR_HEADING = "`blocked-demo` profile";

	@LocalServerPort
	private int port;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void childWritingToAPipeNobodyReadsIsShownBlockedAndHealthStaysUp() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(blockedGauge()).isGreaterThanOrEqualTo(1);
			List<Boolean> blocked = JsonPath.read(this.http.get("/actuator/children").body(),
					"$.children[?(@.name == 'unread-output')].blockedOnOutput");
			assertThat(blocked).contains(true);
		});
		String health = this.http.get("/actuator/health").body();
		assertThat(JsonPath.<String>read(health, "$.components.children.status")).isEqualTo("UP");
		assertThat(JsonPath.<Integer>read(health, "$.components.children.details.blockedOnOutput")).isPositive();
	}

	@Test
	void tourListingIsWhatTheSamplePrints() throws IOException {
		List<String> tour = tourOutputLines();
		assertThat(tour).as("output lines of the tour's blocked-demo listing").hasSize(3);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<String> printed = printedLines();
			assertThat(printed).hasSize(3);
			assertThat(countsAsN(printed)).isEqualTo(countsAsN(tour));
		});
	}

	/**
	 * What the three commands of the tour print now, built as {@code jq -c} and
	 * {@code grep} print them.
	 */
	private List<String> printedLines() {
		List<String> lines = new ArrayList<>();
		List<Map<String, Object>> children = JsonPath.read(this.http.get("/actuator/children").body(),
				"$.children[?(@.blockedOnOutput == true)]");
		assertThat(children).isNotEmpty();
		Map<String, Object> child = children.get(0);
		@SuppressWarnings("unchecked")
		List<String> command = (List<String>) child.get("command");
		lines.add("{\"name\":\"" + child.get("name") + "\",\"command\":["
				+ command.stream().map((word) -> "\"" + word + "\"").collect(Collectors.joining(",")) + "],\"state\":\""
				+ child.get("state") + "\",\"blockedOnOutput\":" + child.get("blockedOnOutput") + "}");
		Matcher gauge = BLOCKED.matcher(this.http.get("/actuator/prometheus").body());
		assertThat(gauge.find()).as("process_children_blocked in the scrape").isTrue();
		lines.add(gauge.group());
		String health = this.http.get("/actuator/health").body();
		lines.add("{\"status\":\"" + JsonPath.read(health, "$.components.children.status") + "\",\"blockedOnOutput\":"
				+ JsonPath.read(health, "$.components.children.details.blockedOnOutput") + "}");
		return lines;
	}

	/** The counts change with time (a child every 20 seconds): compared as N. */
	private static List<String> countsAsN(List<String> lines) {
		return lines.stream()
			.map((line) -> line.replaceAll("^process_children_blocked \\d+\\.0$", "process_children_blocked N")
				.replaceAll("\"blockedOnOutput\":\\d+}$", "\"blockedOnOutput\":N}"))
			.toList();
	}

	/**
	 * The output lines (each line after a {@code $ } command) of the first console
	 * listing after the tour's heading, in the README or a page of docs/.
	 */
	private static List<String> tourOutputLines() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((page) -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		for (Path page : pages) {
			List<String> lines = Files.readAllLines(page);
			int heading = -1;
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).startsWith("#") && lines.get(i).contains(TOUR_HEADING)) {
					heading = i;
					break;
				}
			}
			if (heading < 0) {
				continue;
			}
			int start = heading;
			while (!lines.get(start).equals("```console")) {
				start++;
			}
			List<String> output = new ArrayList<>();
			for (int i = start + 1; !lines.get(i).equals("```"); i++) {
				if (!lines.get(i).startsWith("$ ")) {
					output.add(lines.get(i));
				}
			}
			return output;
		}
		throw new AssertionError("No heading with " + TOUR_HEADING + " in " + pages);
	}

	private double blockedGauge() {
		Matcher matcher = BLOCKED.matcher(this.http.get("/actuator/prometheus").body());
		assertThat(matcher.find()).as("process_children_blocked in the scrape").isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
