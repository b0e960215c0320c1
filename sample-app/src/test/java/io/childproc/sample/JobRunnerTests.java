package io.childproc.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.DefaultProcessLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link JobRunner} on its own, with a real launcher.
 */
class JobRunnerTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher();

	private final List<JobRunner> started = new ArrayList<>();

	@AfterEach
	void stopRunnersAndCloseLauncher() {
		this.started.forEach(JobRunner::stop);
		this.launcher.close();
	}

	@Test
	void jobWithoutCommandIsRefusedWithThePropertyToFix() {
		SampleJobsProperties properties = properties(job("broken", List.of(), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new JobRunner(this.launcher, properties))
			.withMessageContaining("sample.jobs[0].command must not be empty");
	}

	@Test
	void jobWithZeroIntervalIsRefusedWithThePropertyToFix() {
		SampleJobsProperties properties = properties(job("ok", List.of("true"), Duration.ofSeconds(1)),
				job("fast", List.of("true"), Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new JobRunner(this.launcher, properties))
			.withMessageContaining("sample.jobs[1].interval must be positive");
	}

	@Test
	void twoJobsWithTheSameNameAreRefused() {
		SampleJobsProperties properties = properties(job("same", List.of("true"), Duration.ofSeconds(1)),
				job("same", List.of("true"), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new JobRunner(this.launcher, properties))
			.withMessageContaining("sample.jobs[1].name 'same' is used by another job");
	}

	@Test
	void jobSwitchedOffStartsNoMoreChildren() {
		JobRunner runner = start(job("tick", List.of("true"), Duration.ofMillis(50)));
		await().atMost(Duration.ofSeconds(10)).until(() -> runner.jobs().get(0).started() >= 2);
		runner.setEnabled("tick", false);
		long started = runner.jobs().get(0).started();
		// A start already under way when the switch flipped may still count: allow one.
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> runner.jobs().get(0).started() <= started + 1);
		assertThat(runner.jobs().get(0).enabled()).isFalse();
		assertThat(this.launcher.counts().started()).isEqualTo(runner.jobs().get(0).started());
	}

	@Test
	void jobThatCannotStartCountsTheFailureAndKeepsRunning() {
		JobRunner runner = start(job("missing", List.of("/nonexistent/program"), Duration.ofMillis(50)));
		await().atMost(Duration.ofSeconds(10)).until(() -> runner.jobs().get(0).startFailures() >= 2);
		assertThat(runner.jobs().get(0).started()).isZero();
	}

	@Test
	void unknownJobCannotBeSwitched() {
		JobRunner runner = new JobRunner(this.launcher, properties());
		assertThat(runner.setEnabled("nope", false)).isEmpty();
	}

	/** Starts a runner of one job, which the test's end stops. */
	private JobRunner start(SampleJobsProperties.Job job) {
		JobRunner runner = new JobRunner(this.launcher, properties(job));
		this.started.add(runner);
		runner.start();
		return runner;
	}

	private static SampleJobsProperties properties(SampleJobsProperties.Job... jobs) {
		return new SampleJobsProperties(List.of(jobs));
	}

	/** A job as bound with its enabled and output properties left out. */
	private static SampleJobsProperties.Job job(String name, List<String> command, Duration interval) {
		return new SampleJobsProperties.Job(name, command, interval, true, SampleJobsProperties.Output.INHERIT);
	}

}
