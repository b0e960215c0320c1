package io.childproc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code zombie-demo} profile: a job whose children each carry a zombie grandchild,
 * seen by the zombie gauge, and cleared over HTTP by switching the job off and ending its
 * children.
 */
@ActiveProfiles("zombie-demo")
class ZombieDemoProfileTests extends AbstractSampleTests {

	private static final Pattern ZOMBIES = Pattern.compile("(?m)^process_children_zombies (\\S+)$");

	@Test
	void zombiesShowInTheGaugeAndGoOnceTheJobIsOffAndItsChildrenEnded() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(zombieGauge()).isPositive();
			List<String> states = JsonPath.read(this.http.get("/actuator/children").body(),
					"$.children[*].descendants[*].state");
			assertThat(states).contains("ZOMBIE");
		});

		HttpResponse<String> switchedOff = this.http.post("/actuator/jobs/zombie-maker", "{\"enabled\":false}");
		assertThat(switchedOff.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(switchedOff.body(), "$.enabled")).isFalse();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (int pid : runningChildren()) {
				assertThat(this.http.delete("/actuator/children/" + pid).statusCode()).isIn(200, 404);
			}
			assertThat(runningChildren()).isEmpty();
		});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(zombieGauge()).isZero());
		HttpResponse<String> jobs = this.http.post("/actuator/jobs/zombie-maker", "{\"enabled\":true}");
		assertThat(jobs.statusCode()).isEqualTo(200);
	}

	@Test
	void liveChildCanBeEndedOverHttp() {
		AtomicInteger pid = new AtomicInteger();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Integer> running = runningChildren();
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

	private List<Integer> runningChildren() {
		return JsonPath.read(this.http.get("/actuator/children").body(), "$.children[?(@.state == 'RUNNING')].pid");
	}

	private double zombieGauge() {
		Matcher matcher = ZOMBIES.matcher(this.http.get("/actuator/prometheus").body());
		assertThat(matcher.find()).as("process_children_zombies in the scrape").isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
