package io.childproc.web;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.childproc.ChildCounts;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code children} endpoint, health component and meters over HTTP, with the
 * endpoint's default access (read only) and masking (never).
 */
@AutoConfigureMetrics
class ChildrenEndpointDefaultAccessTests extends AbstractChildrenWebTests {

	@Test
	void listsEveryTrackedChildWithItsDescendantsAndTheCounts() throws Exception {
		ChildProcess worker = startWorker();
		ChildProcess exited = startExited(3);
		ChildCounts counts = this.launcher.counts();
		String child = "$.children[?(@.pid == " + worker.pid() + ")]";
		String done = "$.children[?(@.pid == " + exited.pid() + ")]";
		getOk("/actuator/children").jsonPath("$.live")
			.isEqualTo(counts.live())
			.jsonPath("$.unreaped")
			.isEqualTo(counts.unreaped())
			.jsonPath("$.exited")
			.isEqualTo(counts.exited())
			.jsonPath("$.started")
			.isEqualTo(counts.started())
			.jsonPath("$.startFailures")
			.isEqualTo(counts.startFailures())
			.jsonPath("$.recentExits")
			.isArray()
			.jsonPath(child + ".name")
			.isEqualTo(List.of("worker"))
			.jsonPath(child + ".state")
			.isEqualTo(List.of("RUNNING"))
			.jsonPath(child + ".startedAt")
			.isEqualTo(List.of(worker.startedAt().toString()))
			.jsonPath(child + ".cpuTime")
			.exists()
			.jsonPath(child + ".exitedAt")
			.doesNotExist()
			.jsonPath(child + ".exitCode")
			.doesNotExist()
			.jsonPath(child + ".descendants[0].command[0]")
			.<List<String>>value((programs) -> assertThat(programs).singleElement().asString().endsWith("sleep"))
			.jsonPath(child + ".descendants[0].alive")
			.isEqualTo(List.of(true))
			.jsonPath(child + ".descendants[0].pid")
			.exists()
			.jsonPath(done + ".state")
			.isEqualTo(List.of("EXITED"))
			.jsonPath(done + ".exitCode")
			.isEqualTo(List.of(3))
			.jsonPath(done + ".exitedAt")
			.exists();
	}

	@Test
	void listsRecentExitsWithOutcomeAndDuration() throws Exception {
		ChildProcess exited = startExited(3);
		this.launcher.reap();
		String exit = "$.recentExits[?(@.pid == " + exited.pid() + ")]";
		getOk("/actuator/children").jsonPath(exit + ".name")
			.isEqualTo(List.of("quick"))
			.jsonPath(exit + ".command")
			.isEqualTo(List.of(List.of("sh", "******", "******")))
			.jsonPath(exit + ".exitCode")
			.isEqualTo(List.of(3))
			.jsonPath(exit + ".outcome")
			.isEqualTo(List.of("FAILURE"))
			.jsonPath(exit + ".startedAt")
			.exists()
			.jsonPath(exit + ".exitedAt")
			.exists()
			.jsonPath(exit + ".reapedAt")
			.exists()
			.jsonPath(exit + ".duration")
			.isEqualTo(List.of(Duration.between(exited.startedAt(), exited.exitedAt()).toString()));
	}

	@Test
	void masksEveryArgumentButShowsTheProgramAndNeverTheEnvironment() throws Exception {
		ChildProcess worker = startWorker();
		assertCommandShown(worker, List.of("sh", "******", "******", "******", "******", "******"), "******");
		assertThat(get("/actuator/children")).doesNotContain("abc123", "plain-argument", "sleep 60",
				DefaultProcessLauncher.OWNER_VARIABLE, "environment");
	}

	@Test
	void showsOneTrackedChildByPid() throws Exception {
		ChildProcess worker = startWorker();
		getOk("/actuator/children/" + worker.pid()).jsonPath("$.pid")
			.isEqualTo(worker.pid())
			.jsonPath("$.name")
			.isEqualTo("worker")
			.jsonPath("$.state")
			.isEqualTo("RUNNING")
			.jsonPath("$.descendants[0].alive")
			.isEqualTo(true);
	}

	@Test
	void showsAReapedChildByPidFromTheRecentExits() throws Exception {
		ChildProcess exited = startExited(0);
		this.launcher.reap();
		getOk("/actuator/children/" + exited.pid()).jsonPath("$.pid")
			.isEqualTo(exited.pid())
			.jsonPath("$.outcome")
			.isEqualTo("SUCCESS")
			.jsonPath("$.exitCode")
			.isEqualTo(0)
			.jsonPath("$.reapedAt")
			.exists()
			.jsonPath("$.duration")
			.exists();
	}

	@Test
	void answers404ForAPidTheLauncherNeverStarted() {
		this.client.get()
			.uri("/actuator/children/" + ProcessHandle.current().pid())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void answers400ForAPidThatIsNotANumber() {
		this.client.get().uri("/actuator/children/abc").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/actuator/children/12.5").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/actuator/children/99999999999999999999").exchange().expectStatus().isBadRequest();
	}

	@Test
	void refusesToReapWith405() throws Exception {
		startExited(0);
		this.client.post().uri("/actuator/children").exchange().expectStatus().isEqualTo(405);
		assertThat(this.launcher.counts().unreaped()).isEqualTo(1);
	}

	@Test
	void refusesToTerminateWith405AndSignalsNothing() throws Exception {
		ChildProcess worker = startWorker();
		this.client.delete().uri("/actuator/children/" + worker.pid()).exchange().expectStatus().isEqualTo(405);
		assertThat(worker.process().isAlive()).isTrue();
	}

	@Test
	void healthComponentIsUpWithTheCounts() throws Exception {
		startWorker();
		getOk("/actuator/health/children").jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details.live")
			.isEqualTo(1)
			.jsonPath("$.details.unreaped")
			.isEqualTo(0)
			.jsonPath("$.details.oldestUnreapedAge")
			.isEqualTo("PT0S")
			.jsonPath("$.details.problems")
			.doesNotExist();
		getOk("/actuator/health").jsonPath("$.components.children.status").isEqualTo("UP");
	}

	@Test
	void prometheusScrapeShowsLiveUnreapedAndExitedChildren() throws Exception {
		this.launcher.reap();
		long exitedBefore = this.launcher.counts().exited();
		startWorker();
		ChildProcess quick = startWaiting("quick", 0);
		ChildProcess failing = startWaiting("failing", 1);
		release(quick);
		release(failing);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.counts().unreaped() == 2);
		String scrape = scrape();
		assertThat(sample(scrape, "process_children_live")).isEqualTo(1);
		assertThat(sample(scrape, "process_children_unreaped")).isEqualTo(2);
		assertThat(sample(scrape, "process_children_exited_total")).isEqualTo(exitedBefore + 2);
		assertThat(sample(scrape, "process_children_unreaped_oldest_seconds")).isGreaterThan(0);
		assertThat(scrape).contains("# TYPE process_children_started_total counter",
				"# TYPE process_children_start_failures_total counter");
		this.launcher.reap();
		String afterReap = scrape();
		// The timer comes from each child's Observation, which adds Spring Boot's error
		// tag.
		assertThat(afterReap).contains(
				"process_children_duration_seconds_count{error=\"none\",name=\"quick\",outcome=\"SUCCESS\"}",
				"process_children_duration_seconds_count{error=\"none\",name=\"failing\",outcome=\"FAILURE\"}");
		assertThat(sample(afterReap, "process_children_unreaped")).isZero();
		assertThat(afterReap).doesNotContainPattern("pid=");
	}

	private static double sample(String scrape, String name) {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(scrape);
		assertThat(matcher.find()).as("%s in the scrape:%n%s", name, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void theStandardErrorTailOfAFailedChildIsMaskedByDefault() throws Exception {
		assertFailedChildsStderrTailShownAs("******");
	}

}
