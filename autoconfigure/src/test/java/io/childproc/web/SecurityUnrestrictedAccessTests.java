package io.childproc.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.testsupport.PidReuse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Even with every operation open ({@code access=unrestricted}), {@code DELETE} never
 * signals a process that got the pid of a child after that child exited. Shares the
 * Spring context of {@link BadPidHttpTests}.
 */
class SecurityUnrestrictedAccessTests extends AbstractUnrestrictedWebTests {

	@Test
	void deleteOfAnExitedChildWhosePidWasReusedSignalsNothing() throws Exception {
		assumeTrue(PidReuse.available(), "Skipped: choosing the next pid needs root (ns_last_pid)");
		ChildProcess exited = startExited(3);
		Optional<Process> reused = PidReuse.startWithPid(exited.pid(), List.of("sleep", "600"));
		assumeTrue(reused.isPresent(), "Skipped: other processes kept taking pid " + exited.pid());
		Process stranger = reused.get();
		try {
			ok(this.client.delete().uri("/actuator/children/" + exited.pid())).json("{\"pid\":" + exited.pid()
					+ ",\"name\":\"quick\",\"wasRunning\":false,\"terminated\":true," + "\"exitCode\":3}");
			this.launcher.reap();
			this.client.delete().uri("/actuator/children/" + exited.pid()).exchange().expectStatus().isNotFound();
			// A read shows the record of the child that had the pid, never the process
			// that has it now.
			getOk("/actuator/children/" + exited.pid()).jsonPath("$.name")
				.isEqualTo("quick")
				.jsonPath("$.exitCode")
				.isEqualTo(3)
				.jsonPath("$.state")
				.doesNotExist();
			assertThat(exited.state()).isEqualTo(ChildState.REAPED);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(stranger::isAlive);
		}
		finally {
			stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
