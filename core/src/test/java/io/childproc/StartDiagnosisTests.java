package io.childproc;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagnosis of a refused spawn reads the errno as each supported JDK writes it, so
 * that the user gets the same advice on Java 17 and Java 25 (a process limit, or too many
 * open files).
 */
class StartDiagnosisTests {

	private final ProcessBuilder builder = new ProcessBuilder("sh", "-c", "exit 0");

	@ParameterizedTest
	@ValueSource(strings = { "Cannot run program \"sh\": error=11, Resource temporarily unavailable",
			"Cannot run program \"sh\": posix_spawn failed, error: 11 (Resource temporarily unavailable)",
			"Cannot run program \"sh\": error=12, Cannot allocate memory" })
	void aRefusedNewProcessIsExplainedAsALimitOnEveryJdk(String message) {
		ChildProcessStartException failure = StartDiagnosis.diagnose(this.builder, List.of("sh", "-c", "exit 0"),
				new IOException(message));
		assertThat(failure).hasMessageContaining("a process limit is reached (ulimit -u, the cgroup's pids.max)")
			.hasMessageContaining("error");
	}

	@org.junit.jupiter.api.Test
	void theAdviceStaysOnTheFirstLineWhenTheJdkAddsPossibleReasonsBelow() {
		ChildProcessStartException failure = StartDiagnosis.diagnose(this.builder, List.of("sh", "-c", "exit 0"),
				new IOException("Cannot run program \"sh\": posix_spawn failed, error: 11 (Resource temporarily "
						+ "unavailable) \nPossible reasons:\n  - Insufficient resources"));
		assertThat(failure.getMessage().lines().findFirst()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("error: 11 (Resource temporarily unavailable)")
			.contains("a process limit is reached");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Cannot run program \"sh\": error=24, Too many open files",
			"Cannot run program \"sh\": posix_spawn failed, error: 24 (Too many open files)" })
	void tooManyOpenFilesIsExplainedOnEveryJdk(String message) {
		ChildProcessStartException failure = StartDiagnosis.diagnose(this.builder, List.of("sh", "-c", "exit 0"),
				new IOException(message));
		assertThat(failure).hasMessageContaining("too many open files").hasMessageContaining("ulimit -n");
	}

}
