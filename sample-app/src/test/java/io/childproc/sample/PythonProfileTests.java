package io.childproc.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code python} profile: an exited child waits for the next start to be reaped, as
 * in Python's multiprocessing.
 */
@ActiveProfiles("python")
class PythonProfileTests extends AbstractSampleTests {

	private static final Pattern OLDEST_UNREAPED = Pattern
		.compile("(?m)^process_children_unreaped_oldest_seconds (\\S+)$");

	@Test
	void childrenEndpointAlwaysShowsOneUnreapedChildWhosePidKeepsChanging() {
		AtomicInteger first = new AtomicInteger();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> first.set(singleUnreapedPid()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(singleUnreapedPid()).isNotEqualTo(first.get()));
		String children = this.http.get("/actuator/children").body();
		assertThat(JsonPath.<Integer>read(children, "$.unreaped")).isLessThanOrEqualTo(1);
		assertThat(JsonPath.<Integer>read(children, "$.started")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void lastChildStaysUnreapedOnceTheJobIsSwitchedOff() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(this::singleUnreapedPid);
		assertThat(this.http.post("/actuator/jobs/echo-pid", "{\"enabled\":false}").statusCode()).isEqualTo(200);
		try {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(oldestUnreapedSeconds()).isGreaterThan(3.0));
			int pid = singleUnreapedPid();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(oldestUnreapedSeconds()).isGreaterThan(5.0));
			assertThat(singleUnreapedPid()).isEqualTo(pid);
		}
		finally {
			assertThat(this.http.post("/actuator/jobs/echo-pid", "{\"enabled\":true}").statusCode()).isEqualTo(200);
		}
	}

	private double oldestUnreapedSeconds() {
		Matcher matcher = OLDEST_UNREAPED.matcher(this.http.get("/actuator/prometheus").body());
		assertThat(matcher.find()).as("process_children_unreaped_oldest_seconds in the scrape").isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private int singleUnreapedPid() {
		String children = this.http.get("/actuator/children").body();
		assertThat(JsonPath.<List<String>>read(children, "$.children[*].state")).containsExactly("EXITED");
		assertThat(JsonPath.<Integer>read(children, "$.unreaped")).isEqualTo(1);
		return JsonPath.<Integer>read(children, "$.children[0].pid");
	}

}
