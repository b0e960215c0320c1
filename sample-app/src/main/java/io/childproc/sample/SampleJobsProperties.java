package io.childproc.sample;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's jobs, under {@code sample.*}: each job starts its command as a child every
 * interval.
 *
 * @param jobs jobs to run, each starting its command as a child process every interval
 */
@ConfigurationProperties("sample")
public record SampleJobsProperties(@DefaultValue List<Job> jobs) {

	/**
	 * One job: a command started as a child every interval.
	 *
	 * @param name short name of the job, used as the child's name in metrics tags and the
	 * children endpoint
	 * @param command program and its arguments, for example [sh, -c, 'echo child $$
	 * exiting']
	 * @param interval how often to start the command
	 * @param enabled whether the job starts children when the application starts; it can
	 * be switched at run time through the jobs endpoint
	 * @param output where the child's standard output and error go: 'inherit' (the
	 * sample's own output) or 'unread' (a pipe the sample never reads, so that a child
	 * that writes enough blocks on it)
	 */
	public record Job(String name, @DefaultValue List<String> command, @DefaultValue("1s") Duration interval,
			@DefaultValue("true") boolean enabled, @DefaultValue("inherit") Output output) {

	}

	/**
	 * Where a job's children write their standard output and error.
	 */
	public enum Output {

		/**
		 * To the sample's own standard output and error: nothing ever blocks.
		 */
		INHERIT,

		/**
		 * To pipes the sample never reads: a child that writes more than a pipe holds (64
		 * KiB) blocks in its write, and childproc shows it as blocked on output.
		 */
		UNREAD

	}

}
