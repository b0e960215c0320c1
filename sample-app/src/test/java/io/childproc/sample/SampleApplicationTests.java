package io.childproc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its default configuration, over real HTTP.
 */
class SampleApplicationTests extends AbstractSampleTests {

	@Test
	void echoJobStartsAChildEverySecond() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String jobs = this.http.get("/actuator/jobs").body();
			assertThat(JsonPath.<Integer>read(jobs, "$.jobs[0].started")).isGreaterThanOrEqualTo(3);
		});
		String jobs = this.http.get("/actuator/jobs").body();
		assertThat(JsonPath.<String>read(jobs, "$.jobs[0].name")).isEqualTo("echo-pid");
		assertThat(JsonPath.<Integer>read(jobs, "$.jobs[0].startFailures")).isZero();
		assertThat(JsonPath.<Integer>read(jobs, "$.jobs[0].lastPid")).isPositive();
	}

	@Test
	void childrenEndpointShowsTheEchoChildrenReapedByTheDefaultPolicy() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> children = this.http.get("/actuator/children");
			assertThat(children.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<Integer>read(children.body(), "$.exited")).isGreaterThanOrEqualTo(2);
			assertThat(JsonPath.<List<String>>read(children.body(), "$.recentExits[*].name")).contains("echo-pid");
			assertThat(JsonPath.<List<String>>read(children.body(), "$.recentExits[*].outcome")).contains("SUCCESS");
		});
		String children = this.http.get("/actuator/children").body();
		assertThat(JsonPath.<List<String>>read(children, "$.recentExits[0].command")).containsExactly("sh", "-c",
				"echo \"child $$ exiting\"");
		assertThat(JsonPath.<Integer>read(children, "$.startFailures")).isZero();
	}

	@Test
	void healthAnswersUpWithTheChildrenComponent() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(health.body(), "$.components.children.status")).isEqualTo("UP");
	}

	@Test
	void prometheusScrapeCountsTheChildrenStarted() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> scrape = this.http.get("/actuator/prometheus");
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).containsPattern("(?m)^process_children_started_total [1-9]")
				.containsPattern(
						"(?m)^process_children_duration_seconds_count\\{error=\"none\",name=\"echo-pid\",outcome=\"SUCCESS\"} [1-9]")
				.contains("process_children_unreaped_oldest_seconds ");
		});
	}

	@Test
	void childrenCannotBeEndedOverHttpByDefault() {
		assertThat(this.http.delete("/actuator/children/1").statusCode()).isEqualTo(405);
	}

	@Test
	void lastChildIsReapedInTheBackgroundOnceTheJobIsSwitchedOff() {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(JsonPath.<Integer>read(this.http.get("/actuator/children").body(), "$.started"))
						.isPositive());
		assertThat(this.http.post("/actuator/jobs/echo-pid", "{\"enabled\":false}").statusCode()).isEqualTo(200);
		try {
			// No start comes to reap the last child: the background reap (every 10
			// seconds) does.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				String children = this.http.get("/actuator/children").body();
				assertThat(JsonPath.<Integer>read(children, "$.unreaped")).isZero();
				assertThat(JsonPath.<Integer>read(children, "$.live")).isZero();
			});
		}
		finally {
			assertThat(this.http.post("/actuator/jobs/echo-pid", "{\"enabled\":true}").statusCode()).isEqualTo(200);
		}
	}

}
