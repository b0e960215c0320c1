package io.childproc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code zombie-demo} profile: a job whose children each carry a zombie grandchild, which can be switched off
 * over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("zombie-demo")
@DirtiesContext
class ZombieDemoProfileTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ProcessLauncher launcher;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void zombieMakerCanBeSwitchedOffOverHttp() {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.launcher.counts().live() >= 2);
		HttpResponse<String> response = this.http.post("/actuator/jobs/zombie-maker", "{\"enabled\":false}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(response.body(), "$.enabled")).isFalse();
		long started = this.launcher.counts().started();
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> this.launcher.counts().started() <= started + 1);
	}

	@Test
	void liveChildCanBeEndedOverHttp() {
		AtomicInteger pid = new AtomicInteger();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Integer> running = JsonPath.read(this.http.get("/actuator/children").body(),
					"$.children[?(@.state == 'RUNNING')].pid");
			assertThat(running).isNotEmpty();
			pid.set(running.get(0));
		});
		HttpResponse<String> response = this.http.delete("/actuator/children/" + pid.get());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(response.body(), "$.terminated")).isTrue();
		assertThat(ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
	}

	@Test
	void unknownJobAnswersNotFound() {
		assertThat(this.http.post("/actuator/jobs/nope", "{\"enabled\":false}").statusCode()).isEqualTo(404);
	}

}
