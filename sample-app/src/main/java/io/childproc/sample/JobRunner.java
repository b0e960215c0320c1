package io.childproc.sample;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.childproc.ChildProcess;
import io.childproc.ProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.sample.SampleJobsProperties.Output;

import org.springframework.context.SmartLifecycle;

/**
 * Starts each configured job's command as a child every interval, through the
 * {@link ProcessLauncher}. The children's output goes to the application's own standard
 * output and error, so nothing blocks on a full pipe, unless a job's output is
 * {@link SampleJobsProperties.Output#UNREAD unread}: then it goes to pipes nobody reads,
 * to show a child blocked on its output. Jobs start after the web server and stop before
 * the launcher ends the children that are still live.
 */
public class JobRunner implements SmartLifecycle {

	private static final System.Logger logger = System.getLogger(JobRunner.class.getName());

	private final ProcessLauncher launcher;

	private final Map<String, Job> jobs;

	private final Object lifecycleLock = new Object();

	private ScheduledExecutorService executor;

	/**
	 * Creates a runner for the given jobs.
	 * @param launcher the launcher every child is started through
	 * @param properties the jobs
	 * @throws IllegalArgumentException when a job is incomplete; the message names the
	 * property to fix
	 */
	public JobRunner(ProcessLauncher launcher, SampleJobsProperties properties) {
		this.launcher = launcher;
		this.jobs = validate(properties.jobs());
	}

	private static Map<String, Job> validate(List<SampleJobsProperties.Job> configured) {
		Map<String, Job> jobs = new LinkedHashMap<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			SampleJobsProperties.Job job = configured.get(i);
			String property = "sample.jobs[" + i + "]";
			if (job.name() == null || job.name().isBlank()) {
				throw new IllegalArgumentException(
						property + ".name must be set: give a short label such as 'echo-pid'");
			}
			if (!names.add(job.name())) {
				throw new IllegalArgumentException(
						property + ".name '" + job.name() + "' is used by another job: give each job its own name");
			}
			if (job.command() == null || job.command().isEmpty()) {
				throw new IllegalArgumentException(property + ".command must not be empty: give the program and its "
						+ "arguments, for example [sh, -c, 'echo child $$ exiting']");
			}
			Duration interval = job.interval();
			if (interval == null || interval.isNegative() || interval.isZero()) {
				throw new IllegalArgumentException(
						property + ".interval must be positive, was " + interval + ": give a duration such as 1s");
			}
			Output output = (job.output() != null) ? job.output() : Output.INHERIT;
			jobs.put(job.name(), new Job(job.name(), List.copyOf(job.command()), interval, output, job.enabled()));
		}
		return jobs;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.executor != null) {
				return;
			}
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "sample-jobs");
				thread.setDaemon(true);
				return thread;
			});
			for (Job job : this.jobs.values()) {
				long interval = job.interval.toNanos();
				this.executor.scheduleAtFixedRate(() -> runOnce(job), 0, interval, TimeUnit.NANOSECONDS);
				logger.log(Level.INFO, "Job ''{0}'' starts {1} every {2}{3}", job.name, job.command,
						job.interval.toString().substring(2).toLowerCase(Locale.ROOT),
						job.enabled ? "" : " once enabled");
			}
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.lifecycleLock) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleLock) {
			return this.executor != null;
		}
	}

	private void runOnce(Job job) {
		if (!job.enabled) {
			return;
		}
		try {
			ProcessBuilder builder = new ProcessBuilder(job.command);
			if (job.output == Output.INHERIT) {
				builder.redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
			}
			// Else the JDK's pipes, never read: the demonstration of a child blocked on
			// its output.
			ChildProcess child = this.launcher.start(builder, StartOptions.named(job.name));
			// The child gets end-of-file on its standard input instead of waiting on a
			// pipe nobody writes to.
			child.process().getOutputStream().close();
			job.started.incrementAndGet();
			job.lastPid = child.pid();
		}
		catch (IOException | RuntimeException ex) {
			job.failures.incrementAndGet();
			logger.log(Level.WARNING, "Job ''{0}'' could not start its child: {1}", job.name, ex.getMessage());
		}
	}

	/**
	 * Returns the state of every job, in configuration order.
	 * @return the jobs
	 */
	public List<JobStatus> jobs() {
		List<JobStatus> statuses = new ArrayList<>();
		for (Job job : this.jobs.values()) {
			statuses.add(job.status());
		}
		return statuses;
	}

	/**
	 * Switches a job on or off. A job that is off starts no new child; the children it
	 * started before run on.
	 * @param name the job's name
	 * @param enabled whether it starts children
	 * @return the job's new state, or empty when no job has that name
	 */
	public Optional<JobStatus> setEnabled(String name, boolean enabled) {
		Job job = this.jobs.get(name);
		if (job == null) {
			return Optional.empty();
		}
		job.enabled = enabled;
		logger.log(Level.INFO, "Job ''{0}'' {1}", name, enabled ? "enabled" : "disabled");
		return Optional.of(job.status());
	}

	/**
	 * The state of one job.
	 *
	 * @param name the job's name
	 * @param command the program and its arguments
	 * @param interval how often it starts its command
	 * @param enabled whether it starts children
	 * @param started how many children it started
	 * @param startFailures how many starts failed
	 * @param lastPid the pid of the last child it started, or {@code null} before the
	 * first
	 */
	public record JobStatus(String name, List<String> command, Duration interval, boolean enabled, long started,
			long startFailures, Long lastPid) {
	}

	private static final class Job {

		private final String name;

		private final List<String> command;

		private final Duration interval;

		private final Output output;

		private volatile boolean enabled;

		private final AtomicLong started = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private volatile Long lastPid;

		private Job(String name, List<String> command, Duration interval, Output output, boolean enabled) {
			this.name = name;
			this.command = command;
			this.interval = interval;
			this.output = output;
			this.enabled = enabled;
		}

		private JobStatus status() {
			return new JobStatus(this.name, this.command, this.interval, this.enabled, this.started.get(),
					this.failures.get(), this.lastPid);
		}

	}

}
