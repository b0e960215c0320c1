package io.childproc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.exit.JdkExitWatcher;
import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.tree.MonitoredLauncher;
import io.childproc.internal.tree.OrphanTerminator;
import io.childproc.internal.tree.ProcessTreeTerminator;
import io.childproc.internal.tree.TerminationRoot;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link ProcessLauncher}: tracks every child it starts, learns of exits
 * through its {@link ExitWatcher}, and reaps exited children before each start, on exit,
 * or in the background, as its {@link LauncherSettings} say. Reaping costs O(children
 * that exited), never O(children tracked).
 * <p>
 * Every child is started from the launcher's own copy of the caller's
 * {@link ProcessBuilder} (the caller's is never changed), with the variable
 * {@value #OWNER_VARIABLE} set to this launcher's owner id and {@value #CHILD_VARIABLE}
 * set to the child's number within the launcher, so that descendants that leave the
 * process tree ({@code setsid}, double fork, {@code nohup}) can still be recognised.
 * {@link #close()} ends every live child's tree, and, when
 * {@link LauncherSettings#killEscaped()}, the escaped descendants too.
 * <p>
 * Where a cgroup v2 pids controller is visible, a start that would exceed its
 * {@code pids.max} is refused with a {@link ChildProcessStartException} that says so.
 * <p>
 * A child's life, as this class follows it: {@link #start(ProcessBuilder, StartOptions)}
 * checks the command, admits the start in the {@link ChildRegistry}, spawns it, registers
 * it, watches its exit and schedules its timeout; {@code exited} records the exit and
 * completes the waiters; {@link #reap()} turns it into an {@link ExitRecord}.
 */
public class DefaultProcessLauncher implements ProcessLauncher, AutoCloseable {

	/**
	 * The environment variable, naming the launcher, that every child is started with.
	 */
	public static final String OWNER_VARIABLE = Mark.OWNER_VARIABLE;

	/**
	 * The environment variable that numbers each child within its launcher (1, 2, ...).
	 */
	public static final String CHILD_VARIABLE = Mark.CHILD_VARIABLE;

	private static final System.Logger logger = System.getLogger(DefaultProcessLauncher.class.getName());

	private static final ExitWatcher FALLBACK_WATCHER = new JdkExitWatcher();

	private static final AtomicInteger instances = new AtomicInteger();

	private final LauncherSettings settings;

	private final ProcessTable table;

	private final ProcessTreeTerminator terminator;

	private final MarkSearch marked;

	private final ChildRegistry registry;

	private final Listeners listeners = new Listeners();

	private final ExitPath exits;

	private final ExitWatcher watcher;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Timeouts timeouts;

	private final StartFailures failures;

	private final Spawner spawner;

	private final AtomicLong childNumbers = new AtomicLong();

	/**
	 * Creates a launcher with the {@linkplain LauncherSettings#defaults() default
	 * settings}.
	 */
	public DefaultProcessLauncher() {
		this(LauncherSettings.defaults());
	}

	/**
	 * Creates a launcher.
	 * @param settings how it reaps, limits, watches and ends its children
	 */
	public DefaultProcessLauncher(LauncherSettings settings) {
		this(settings, LinuxProcessTable.system(), CgroupPids.system());
	}

	/**
	 * Creates a launcher that reads the process tree and the pids limit from the given
	 * sources.
	 * @param settings how it reaps, limits, watches and ends its children
	 * @param table where descendants and escaped processes are read
	 * @param cgroupPids the pids controller whose limit a start must not exceed
	 */
	public DefaultProcessLauncher(LauncherSettings settings, ProcessTable table, CgroupPids cgroupPids) {
		this(settings, table, cgroupPids, UnaryOperator.identity());
	}

	/**
	 * Creates a launcher whose messages name its settings as the users of a configuration
	 * layer write them (Spring Boot: {@code childproc.max-live}).
	 * @param settings how it reaps, limits, watches and ends its children
	 * @param settingNames gives, for a setting's name here ({@code maxLive}), the name to
	 * show, or {@code null} to keep it
	 */
	public DefaultProcessLauncher(LauncherSettings settings, UnaryOperator<@Nullable String> settingNames) {
		this(settings, LinuxProcessTable.system(), CgroupPids.system(), settingNames);
	}

	private DefaultProcessLauncher(LauncherSettings settings, ProcessTable table, CgroupPids cgroupPids,
			UnaryOperator<@Nullable String> settingNames) {
		this.settings = settings;
		this.table = table;
		this.terminator = new ProcessTreeTerminator(table);
		this.marked = new MarkSearch(table, settings.ownerId());
		this.registry = new ChildRegistry(settings.maxLive(),
				Objects.requireNonNullElse(settingNames.apply("maxLive"), "maxLive"), settings.ownerId(),
				new ExitHistory(settings.historySize()));
		this.failures = new StartFailures(this.registry, this.listeners);
		this.exits = new ExitPath(this.registry, this.listeners, settings.reapOnExit(), CallbackExecutor.EXECUTOR);
		this.spawner = new Spawner(cgroupPids, this.registry, new HalfStartedChild(this.marked::all, this.terminator),
				this.failures, settings.ownerId(), settings.applicationId());
		this.watcher = settings.exitWatcher().get();
		String name = "childproc-" + instances.incrementAndGet();
		this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named(name));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.timeouts = new Timeouts(this.scheduler, name + "-timeout", this::endTimedOut);
		long interval = settings.reapInterval().toNanos();
		if (interval > 0) {
			this.scheduler.scheduleWithFixedDelay(this::backgroundReap, interval, interval, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Returns the settings of this launcher.
	 * @return the settings
	 */
	public LauncherSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the value of {@value #OWNER_VARIABLE} in the environment of this launcher's
	 * children.
	 * @return the owner id
	 */
	public String ownerId() {
		return this.settings.ownerId();
	}

	/**
	 * Returns the name of the {@link ExitWatcher} this launcher learns of exits through.
	 * @return {@code "jdk"} or {@code "pidfd"}
	 */
	public String exitWatcherName() {
		return this.watcher.name();
	}

	@Override
	public ChildProcess start(ProcessBuilder builder) throws IOException {
		return start(builder, StartOptions.DEFAULTS);
	}

	@Override
	public ChildProcess start(String name, ProcessBuilder builder) throws IOException {
		List<String> command = this.failures.checked(builder);
		StartOptions options;
		try {
			options = new StartOptions(name, null);
		}
		catch (IllegalArgumentException ex) {
			throw this.failures.refused(command, ex.getMessage());
		}
		return start(builder, options);
	}

	@Override
	public ChildProcess start(String... command) throws IOException {
		if (command == null) {
			throw this.failures.refused(List.of(), "the command is null; give the program and its arguments");
		}
		return start(new ProcessBuilder(Arrays.asList(command)), StartOptions.DEFAULTS);
	}

	@Override
	public ChildProcess start(ProcessBuilder builder, @Nullable StartOptions options) throws IOException {
		List<String> command = this.failures.checked(builder);
		StartOptions startOptions = (options != null) ? options : StartOptions.DEFAULTS;
		// At the limit only (never O(live children) on every start), the exits the JDK
		// knows of and the watcher has not yet reported free their places.
		this.exits.exitedAlready(this.registry.exitedUnrecorded(true));
		reap();
		String refusal = this.registry.admit(StartDiagnosis.program(command));
		if (refusal != null) {
			throw this.failures.failed(command, new ChildProcessStartException(refusal));
		}
		String mark = Long.toString(this.childNumbers.incrementAndGet());
		OutputSettings outputs = this.settings.output();
		ChildOutput output = (startOptions.output() != null) ? startOptions.output() : outputs.defaultOutput();
		OutputDrain drain = OutputDrain.plan(output, builder, outputs.failureTail());
		Process process = this.spawner.spawn(builder, command, mark, drain);
		String name = (startOptions.name() != null) ? startOptions.name() : StartDiagnosis.programName(command.get(0));
		TrackedChild child = new TrackedChild(this::terminate, this.exits::exited, process, name, List.copyOf(command),
				startOptions.timeout(), mark, CallbackExecutor.EXECUTOR, drain);
		if (!this.registry.register(child)) {
			// close() ran while this child was being started and has already collected
			// the live ones: end it here.
			this.terminator.terminate(List.of(process.toHandle()), List.of(), Duration.ZERO);
			throw this.failures.failed(command,
					new ChildProcessStartException("Cannot start " + StartDiagnosis.program(command)
							+ ": the launcher was closed while the child was starting (the application is shutting "
							+ "down); the child was ended"));
		}
		drain.start(process, name);
		// Listeners hear of the start before the exit (this thread delivers the child's
		// first events); whatever they throw, the child is watched and its timeout
		// scheduled before an error leaves.
		VirtualMachineError fatal = child.events().deliver(child, this.listeners);
		child.watchedBy(watch(child));
		if (startOptions.timeout() != null) {
			this.timeouts.schedule(child, startOptions.timeout());
		}
		if (fatal != null) {
			throw fatal;
		}
		return child;
	}

	/**
	 * Watches the child's exit; should the watcher fail, through the JDK, so that no
	 * child is left unwatched.
	 */
	private ExitWatcher.Watch watch(TrackedChild child) {
		try {
			return this.watcher.watch(child.jdkProcess(), () -> this.exits.exited(child));
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "The " + this.watcher.name() + " exit watcher could not watch " + child
					+ "; its exit is learnt from the JDK instead", ex);
			return FALLBACK_WATCHER.watch(child.jdkProcess(), () -> this.exits.exited(child));
		}
	}

	@Override
	public int reap() {
		return this.exits.reap();
	}

	private void backgroundReap() {
		try {
			reap();
		}
		catch (Throwable ex) {
			// Whatever happened, the task must keep its schedule: a task that throws is
			// never run again.
			logger.log(Level.WARNING, "Background reap failed; it runs again at the next interval", ex);
		}
	}

	private void endTimedOut(TrackedChild child) {
		logger.log(Level.INFO,
				() -> "Child " + child + " ran past its timeout of " + child.timeout() + ": ending its process tree");
		terminate(child, this.settings.terminateGracePeriod());
	}

	/**
	 * Ends a child's process tree; see {@link ChildProcess#terminate(Duration)}.
	 */
	boolean terminate(TrackedChild child, Duration grace) {
		Durations.requireDuration(grace, "grace", "0 kills at once");
		if (child.state() != ChildState.RUNNING) {
			return true;
		}
		return this.terminator.terminate(List.of(new TerminationRoot(child.jdkProcess().toHandle(), child.watch())),
				this.marked.search(child.mark()), this.settings.killEscaped(), grace);
	}

	/**
	 * Stops the background work and ends every live child's process tree (SIGTERM, the
	 * shutdown grace period, then SIGKILL), all at once, then reaps them. A start under
	 * way is waited for, so that its child is ended too; later starts are refused.
	 */
	@Override
	public void close() {
		List<TrackedChild> running = this.registry.close(Shutdown.KILL_WAIT);
		if (running == null) {
			return;
		}
		Duration grace = this.settings.shutdownGracePeriod();
		long deadline = System.nanoTime() + grace.plus(Shutdown.KILL_WAIT).toNanos();
		this.scheduler.shutdownNow();
		this.timeouts.close();
		try {
			Shutdown.endAll(this.terminator, running, this.marked.search(null), this.settings.killEscaped(),
					new OrphanTerminator(this.settings.ownerId(), this.table, Natives.reapingCalls()), grace, deadline);
			reap();
		}
		finally {
			this.watcher.close();
		}
	}

	@Override
	public List<ChildProcess> children() {
		return this.registry.children();
	}

	/**
	 * Returns the counts and the tracked children as one consistent view:
	 * {@code live + unreaped} equals the number of children in it, whatever other threads
	 * do.
	 * @return the snapshot
	 */
	public Snapshot snapshot() {
		this.exits.exitedAlready(this.registry.exitedUnrecorded(false));
		return this.registry.snapshot(Snapshot::new);
	}

	/**
	 * The counts and the tracked children, taken at one instant.
	 *
	 * @param counts the counts
	 * @param children the tracked children, oldest first
	 */
	public record Snapshot(ChildCounts counts, List<ChildProcess> children) {
	}

	@Override
	public Optional<ChildProcess> child(long pid) {
		return this.registry.child(pid);
	}

	@Override
	public ChildCounts counts() {
		this.exits.exitedAlready(this.registry.exitedUnrecorded(false));
		return this.registry.counts();
	}

	@Override
	public Duration oldestUnreapedAge() {
		return this.registry.oldestUnreapedAge();
	}

	@Override
	public List<ExitRecord> recentExits() {
		return this.registry.recentExits();
	}

	@Override
	public void addListener(ChildProcessListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void removeListener(ChildProcessListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Returns what a {@link io.childproc.internal.tree.ProcessTreeMonitor} needs to know
	 * of this launcher's children.
	 * @return a live view of this launcher's children
	 */
	public MonitoredLauncher launchedChildren() {
		return this.registry.asLaunchedChildren(this.settings.applicationId());
	}

}
