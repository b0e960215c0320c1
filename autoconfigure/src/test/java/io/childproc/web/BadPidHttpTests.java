package io.childproc.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.childproc.ChildCounts;
import io.childproc.ChildProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad pids over HTTP, with every operation open ({@code access=unrestricted}, the
 * riskiest setting): each answers 400 or 404 (never 500), tracks nothing, and signals
 * nothing, neither the JVM, nor PID 1, nor a process the launcher did not start.
 */
class BadPidHttpTests extends AbstractUnrestrictedWebTests {

	private static Process stranger;

	@BeforeAll
	static void startAProcessTheLauncherDidNotStart() throws IOException {
		stranger = new ProcessBuilder("sleep", "600").start();
	}

	@AfterAll
	static void endIt() throws InterruptedException {
		stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	static Stream<Arguments> badPids() {
		return Stream.of(HttpMethod.GET, HttpMethod.DELETE)
			.flatMap((method) -> Stream.of(Arguments.of(method, "abc", 400), Arguments.of(method, "12.5", 400),
					Arguments.of(method, "99999999999999999999", 400), Arguments.of(method, "-1", 404),
					Arguments.of(method, "-9223372036854775808", 404), Arguments.of(method, "0", 404),
					Arguments.of(method, "1", 404), Arguments.of(method, "{jvm}", 404),
					Arguments.of(method, "{stranger}", 404), Arguments.of(method, "9223372036854775807", 404)));
	}

	@ParameterizedTest(name = "{0} /actuator/children/{1} -> {2}")
	@MethodSource("badPids")
	void badPidIsAnsweredWithoutTrackingOrSignallingAnything(HttpMethod method, String pid, int status)
			throws Exception {
		ChildProcess bystander = startWorker();
		ChildCounts before = this.launcher.counts();
		String path = "/actuator/children/" + pid.replace("{jvm}", Long.toString(ProcessHandle.current().pid()))
			.replace("{stranger}", Long.toString(stranger.pid()));
		EntityExchangeResult<String> result = this.client.method(method)
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
		String body = result.getResponseBody();
		if (status == 404) {
			assertThat(body).isNull();
		}
		else {
			assertThat(body).contains("\"status\":400", "\"error\":\"Bad Request\"", "\"path\":\"" + path + "\"")
				.doesNotContain("Exception", "trace");
		}
		assertThat(this.launcher.counts()).isEqualTo(before);
		assertThat(this.launcher.children()).containsExactly(bystander);
		// Nothing was signalled: sleep dies of SIGTERM, SIGKILL, SIGINT and SIGHUP, and
		// SIGSTOP would show as T.
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(2))
			.until(() -> stranger.isAlive() && bystander.process().isAlive() && state(stranger.pid()) == 'S');
		assertThat(ProcessHandle.of(1)).hasValueSatisfying((init) -> assertThat(init.isAlive()).isTrue());
	}

	private static char state(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.charAt(stat.lastIndexOf(')') + 2);
	}

}
