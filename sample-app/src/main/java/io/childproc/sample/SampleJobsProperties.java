package io.childproc.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sample's jobs, under {@code sample.*}: each job starts its command as a child every
 * interval.
 */
@ConfigurationProperties("sample")
public class SampleJobsProperties {

	/**
	 * Jobs to run, each starting its command as a child process every interval.
	 */
	private List<Job> jobs = new ArrayList<>();

	public List<Job> getJobs() {
		return this.jobs;
	}

	public void setJobs(List<Job> jobs) {
		this.jobs = jobs;
	}

	/**
	 * One job: a command started as a child every interval.
	 */
	public static class Job {

		/**
		 * Short name of the job, used as the child's name in metrics tags and the
		 * children endpoint.
		 */
		private String name;

		/**
		 * Program and its arguments, for example [sh, -c, 'echo child $$ exiting'].
		 */
		private List<String> command = new ArrayList<>();

		/**
		 * How often to start the command.
		 */
		private Duration interval = Duration.ofSeconds(1);

		/**
		 * Whether the job starts children when the application starts; it can be switched
		 * at run time through the jobs endpoint.
		 */
		private boolean enabled = true;

		/**
		 * Where the child's standard output and error go: 'inherit' (the sample's own
		 * output) or 'unread' (a pipe the sample never reads, so that a child that writes
		 * enough blocks on it).
		 */
		private Output output = Output.INHERIT;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getCommand() {
			return this.command;
		}

		public void setCommand(List<String> command) {
			this.command = command;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Output getOutput() {
			return this.output;
		}

		public void setOutput(Output output) {
			this.output = output;
		}

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
