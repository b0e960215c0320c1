package io.childproc.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.childproc.ChildProcess;
import io.childproc.StartOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A child blocked on its output over HTTP: {@code blockedOnOutput} in the endpoint, the
 * {@code process_children_blocked} gauge, and the health component, which stays UP and
 * says how many.
 */
@AutoConfigureMetrics
@TestPropertySource(properties = "childproc.zombies.scan-interval=1s")
class BlockedOutputWebTests extends AbstractChildrenWebTests {

	/** One scan interval, plus what the scan itself may take on a busy 2-core machine. */
	private static final Duration ONE_SCAN = Duration.ofSeconds(3);

	@BeforeEach
	void onLinux() {
		assumeThat(System.getProperty("os.name")).as("the process tree is read from /proc on Linux").contains("Linux");
	}

	@Test
	void childWritingAMegabyteNobodyReadsIsBlockedWithinTwoScansAndHealthStaysUpWithTheCount() throws Exception {
		await().atMost(ONE_SCAN.multipliedBy(2)).until(() -> untaggedSample("process_children_blocked") == 0);
		ChildProcess writer = this.launcher.start(new ProcessBuilder("head", "-c", "1048576", "/dev/zero"),
				StartOptions.named("unread-writer"));
		await().atMost(ONE_SCAN.multipliedBy(2)).until(() -> untaggedSample("process_children_blocked") == 1);
		getOk("/actuator/children").jsonPath("$.children[0].pid")
			.isEqualTo(writer.pid())
			.jsonPath("$.children[0].state")
			.isEqualTo("RUNNING")
			.jsonPath("$.children[0].blockedOnOutput")
			.isEqualTo(true);
		getOk("/actuator/health").jsonPath("$.components.children.status")
			.isEqualTo("UP")
			.jsonPath("$.components.children.details.blockedOnOutput")
			.isEqualTo(1);
		// Reading its output frees it: it writes the rest and exits.
		try (InputStream output = writer.process().getInputStream()) {
			assertThat(output.transferTo(OutputStream.nullOutputStream())).isEqualTo(1048576);
		}
		await().atMost(ONE_SCAN.multipliedBy(2)).until(() -> untaggedSample("process_children_blocked") == 0);
	}

	@Test
	void childWhoseOutputIsReadIsNeverBlocked() throws Exception {
		ChildProcess talker = this.launcher.start(new ProcessBuilder("yes", "a line the application reads"),
				StartOptions.named("talker"));
		Thread reader = new Thread(() -> {
			try (InputStream output = talker.process().getInputStream()) {
				output.transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				// Ended with the child.
			}
		}, "talker-reader");
		reader.setDaemon(true);
		reader.start();
		ChildProcess quiet = this.launcher.start(new ProcessBuilder("sh", "-c", "echo started; exec sleep 60"),
				StartOptions.named("quiet"));
		assertThat(quiet.process().getInputStream().read()).isEqualTo('s');
		long scanned = this.monitor.snapshot().takenAt().toEpochMilli();
		await().atMost(ONE_SCAN.multipliedBy(3))
			.until(() -> this.monitor.snapshot().takenAt().toEpochMilli() >= scanned + 2000);
		List<Boolean> blocked = JsonPath.read(get("/actuator/children"), "$.children[*].blockedOnOutput");
		assertThat(blocked).containsExactly(false, false);
		assertThat(untaggedSample("process_children_blocked")).isZero();
		talker.terminate(Duration.ZERO);
		reader.join(Duration.ofSeconds(10).toMillis());
	}

}
