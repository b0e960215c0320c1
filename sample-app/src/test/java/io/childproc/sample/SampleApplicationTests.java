package io.childproc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its default configuration, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

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
	void healthAnswersUp() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
	}

	@Test
	void prometheusScrapeAnswers() {
		HttpResponse<String> scrape = this.http.get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_threads_live_threads");
	}

	@Test
	void jobsCannotBeSwitchedOffOverHttpByDefault() {
		HttpResponse<String> response = this.http.post("/actuator/jobs/echo-pid", "{\"enabled\":false}");
		assertThat(response.statusCode()).isEqualTo(405);
		String job = this.http.get("/actuator/jobs/echo-pid").body();
		assertThat(JsonPath.<Boolean>read(job, "$.enabled")).isTrue();
	}

}
