package io.childproc.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application in its default profile on Java 24 or later (JEP 472), started
 * from the class path without {@code --enable-native-access}: it is neither PID 1 nor a
 * subreaper, needs no native call, and must print no restricted-method warning. Runs on
 * the running JVM when it is 24 or later, else on Temurin 25 when it is installed.
 */
class SampleApplicationOnJava25Tests {

	private static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

	@TempDir
	Path temp;

	@Test
	void defaultProfilePrintsNoRestrictedMethodWarning() throws Exception {
		Path out = this.temp.resolve("output");
		Process app = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0")
			.redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> read(out).contains("Started SampleApplication") || !app.isAlive());
			assertThat(read(out)).as("the application started").contains("Started SampleApplication");
			Matcher port = Pattern.compile("Tomcat started on port (\\d+)").matcher(read(out));
			assertThat(port.find()).as("the port in the log").isTrue();
			Http http = new Http(Integer.parseInt(port.group(1)));
			// The launcher at work: the echo job's children have exited and been seen.
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(JsonPath.<Integer>read(http.get("/actuator/children").body(), "$.exited"))
							.isGreaterThanOrEqualTo(2));
			app.destroy();
			assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application stopped on SIGTERM").isTrue();
		}
		finally {
			app.descendants().forEach(ProcessHandle::destroyForcibly);
			app.destroyForcibly();
			app.waitFor(10, TimeUnit.SECONDS);
		}
		String output = read(out);
		System.out.println(output);
		assertThat(output).contains("using Java 2").doesNotContainIgnoringCase("restricted method");
	}

	private static String java() {
		if (Runtime.version().feature() >= 24) {
			return Path.of(System.getProperty("java.home"), "bin", "java").toString();
		}
		assumeThat(Files.isExecutable(Path.of(JAVA_25))).as("Java 25 is not installed at " + JAVA_25).isTrue();
		return JAVA_25;
	}

	private static String read(Path path) throws IOException {
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

}
