package com.example.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user checks first: the launcher is injected, starts a child, and the child
 * shows at {@code /actuator/children} over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsumerApplicationTests {

	@Autowired
	ProcessLauncher launcher;

	@LocalServerPort
	int port;

	@Test
	void theInjectedLauncherStartsAChildThatTheChildrenEndpointShows() throws Exception {
		ChildProcess child = this.launcher.start("sleep", "60");
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/children"))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains("\"pid\":" + child.pid()).contains("\"name\":\"sleep\"");
		}
		finally {
			child.terminate(Duration.ZERO);
		}
		assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(30));
		assertThat(child.process().isAlive()).isFalse();
	}

}
