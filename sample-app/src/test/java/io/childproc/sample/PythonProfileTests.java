package io.childproc.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code python} profile: an exited child waits for the next start to be reaped, as in Python's
 * multiprocessing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("python")
@DirtiesContext
class PythonProfileTests {

	@Autowired
	private ProcessLauncher launcher;

	@Test
	void oneUnreapedChildIsAlwaysLeftAndItsPidKeepsChanging() {
		AtomicLong first = new AtomicLong();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<ChildProcess> children = this.launcher.children();
			assertThat(children).singleElement().satisfies((child) -> {
				assertThat(child.state()).isEqualTo(ChildState.EXITED);
				first.set(child.pid());
			});
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<ChildProcess> children = this.launcher.children();
			assertThat(children).singleElement().satisfies((child) -> {
				assertThat(child.state()).isEqualTo(ChildState.EXITED);
				assertThat(child.pid()).isNotEqualTo(first.get());
			});
		});
		assertThat(this.launcher.counts().unreaped()).isLessThanOrEqualTo(1);
		assertThat(this.launcher.counts().started()).isGreaterThanOrEqualTo(2);
	}

}
