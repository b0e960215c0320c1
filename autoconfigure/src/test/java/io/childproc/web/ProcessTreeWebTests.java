package io.childproc.web;

import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.StartOptions;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operating system's view of the process tree over HTTP: the zombie gauge, the
 * endpoint's {@code zombies}, {@code zombieProcesses} and descendants' state, and the
 * health component that goes DOWN when zombies stay above
 * {@code childproc.health.max-zombies} for two scans.
 */
@AutoConfigureMetrics
@TestPropertySource(properties = { "childproc.zombies.scan-interval=1s", "childproc.health.max-zombies=0" })
class ProcessTreeWebTests extends AbstractChildrenWebTests {

	/** One scan interval, plus what the scan itself may take on a busy 2-core machine. */
	private static final Duration ONE_SCAN = Duration.ofSeconds(3);

	@BeforeEach
	void onLinux() {
		Processes.assumeLinux();
	}

	@Test
	void zombieGrandchildShowsInTheGaugeTheEndpointAndHealthThenGoesOnceItsParentIsTerminated() throws Exception {
		await().atMost(ONE_SCAN.multipliedBy(2)).until(() -> untaggedSample("process_children_zombies") == 0);
		ChildProcess parent = this.launcher.start(new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60 1"),
				StartOptions.named("careless-parent"));
		await().atMost(ONE_SCAN.multipliedBy(2)).until(() -> untaggedSample("process_children_zombies") == 1);
		getOk("/actuator/children").jsonPath("$.zombies")
			.isEqualTo(1)
			.jsonPath("$.zombieProcesses[0].ppid")
			.isEqualTo(parent.pid())
			.jsonPath("$.zombieProcesses[0].command")
			.value(String.class, (command) -> assertThat(command).endsWith("sleep"))
			.jsonPath("$.zombieProcesses[0].childPid")
			.isEqualTo(parent.pid())
			.jsonPath("$.zombieProcesses[0].parentCommand[0]")
			.isEqualTo(program("sleep"))
			.jsonPath("$.zombieProcesses[0].parentCommand[1]")
			.isEqualTo("******")
			.jsonPath("$.escaped")
			.isEmpty()
			.jsonPath("$.processTree.available")
			.isEqualTo(true)
			.jsonPath("$.children[0].descendants[0].state")
			.isEqualTo("ZOMBIE");
		await().atMost(ONE_SCAN.multipliedBy(2))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.components.children.status")
				.isEqualTo("DOWN")
				.jsonPath("$.components.children.details.zombies")
				.isEqualTo(1));
		parent.terminate(Duration.ofSeconds(2));
		await().atMost(ONE_SCAN).until(() -> untaggedSample("process_children_zombies") == 0);
		getOk("/actuator/health").jsonPath("$.components.children.status").isEqualTo("UP");
	}

	@Test
	void orphanCounterIsScraped() {
		assertThat(scrape()).contains("# TYPE process_children_orphans_reaped_total counter");
	}

}
