package io.childproc.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.childproc.ChildProcess;
import io.childproc.actuate.ChildrenEndpointContributor;
import io.childproc.actuate.CommandMasker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code children} endpoint over HTTP once an operator opened it
 * ({@code management.endpoint.children.access=unrestricted}) and shows values
 * ({@code show-values=always}).
 */
class ChildrenEndpointUnrestrictedAccessTests extends AbstractUnrestrictedWebTests {

	@Test
	void reapsOnPostAndAnswersHowManyWereReaped() throws Exception {
		ChildProcess first = startWaiting("quick", 0);
		ChildProcess second = startWaiting("quick", 0);
		release(first);
		release(second);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.counts().unreaped() == 2);
		ok(this.client.post().uri("/actuator/children")).json("{\"reaped\":2}");
		assertThat(this.launcher.counts().unreaped()).isZero();
		ok(this.client.post().uri("/actuator/children")).json("{\"reaped\":0}");
	}

	@Test
	void terminatesATrackedChildAndItsDescendantsOnDelete() throws Exception {
		ChildProcess worker = startWorker();
		List<ProcessHandle> descendants = worker.process().toHandle().descendants().toList();
		ok(this.client.delete().uri("/actuator/children/" + worker.pid())).jsonPath("$.pid")
			.isEqualTo(worker.pid())
			.jsonPath("$.name")
			.isEqualTo("worker")
			.jsonPath("$.wasRunning")
			.isEqualTo(true)
			.jsonPath("$.terminated")
			.isEqualTo(true)
			.jsonPath("$.exitCode")
			.isEqualTo(128 + 15);
		assertThat(worker.process().isAlive()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> descendants.stream().noneMatch(ProcessHandle::isAlive));
	}

	@Test
	void answersWhatHappenedWhenTheChildHadAlreadyExited() throws Exception {
		ChildProcess exited = startExited(4);
		ok(this.client.delete().uri("/actuator/children/" + exited.pid())).json("{\"pid\":" + exited.pid()
				+ ",\"name\":\"quick\",\"wasRunning\":false,\"terminated\":true," + "\"exitCode\":4}");
	}

	@Test
	void answers404AndSignalsNothingForAProcessTheLauncherDidNotStart() throws Exception {
		Process stranger = new ProcessBuilder("sleep", "60").start();
		try {
			this.client.delete().uri("/actuator/children/" + stranger.pid()).exchange().expectStatus().isNotFound();
			assertThat(stranger.isAlive()).isTrue();
		}
		finally {
			stranger.destroyForcibly().waitFor();
		}
	}

	@Test
	void answers400ForAPidThatIsNotANumber() {
		this.client.delete().uri("/actuator/children/abc").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/actuator/children/abc").exchange().expectStatus().isBadRequest();
	}

	@Test
	void showsArgumentsButAppliesEverySanitizingFunction() throws Exception {
		ChildProcess worker = startWorker();
		assertCommandShown(worker, List.of("sh", "-c", "sleep 60; true", "worker", "******", "plain-argument"), "60");
	}

	@Test
	void showsTheRewrittenTitleWhenValuesAreShown() throws Exception {
		ChildProcess supervisor = this.launcher.start("sh", "-c",
				"exec perl -e '$0=\"supervisor \".join(\" \",@ARGV); fork||exit; sleep 60' -- --password=hunter2");
		await().atMost(Duration.ofSeconds(15))
			.until(this.monitor::scan,
					(scanned) -> scanned.zombies()
						.stream()
						.anyMatch((zombie) -> zombie.childPid() == supervisor.pid()));
		getOk("/actuator/children")
			.jsonPath("$.zombieProcesses[?(@.childPid == " + supervisor.pid() + ")].parentCommand")
			.isEqualTo(List.of(List.of("supervisor --password=hunter2")))
			.jsonPath("$.zombieProcesses[?(@.childPid == " + supervisor.pid() + ")].command")
			.isEqualTo(List.of("supervisor --pa"));
	}

	@Test
	void showsWhatContributorsAddAtTheTopLevel() throws Exception {
		startWorker();
		getOk("/actuator/children").jsonPath("$.zombies")
			.isEqualTo(0)
			.jsonPath("$.escaped[0].command")
			.isEqualTo(List.of("sleep", "******"))
			.jsonPath("$.contributed")
			.doesNotExist()
			.jsonPath("$.children[0].descendants[0].state")
			.isEqualTo("SLEEPING");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ProcessTreeContributor {

		@Bean
		ChildrenEndpointContributor processTreeContributor() {
			return new ChildrenEndpointContributor() {

				@Override
				public void contribute(Map<String, Object> members, CommandMasker mask) {
					members.put("zombies", 0);
					members.put("escaped", List.of(Map.of("command", mask.apply(List.of("sleep", "--token=x")))));
				}

			};
		}

	}

	@Test
	void theStandardErrorTailOfAFailedChildIsShownWhenValuesAreShown() throws Exception {
		assertFailedChildsStderrTailShownAs("cannot open input.mp4: token=abc123");
	}

}
