package io.childproc;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.childproc.os.AdoptedOrphans;
import io.childproc.os.CgroupPids;
import io.childproc.os.LaunchedChildren;
import io.childproc.os.MarkedProcess;
import io.childproc.os.NativeProcesses;
import io.childproc.os.ProcessInfo;
import io.childproc.os.ProcessMarks;
import io.childproc.os.ProcessTable;
import io.childproc.os.ProcessTreeTerminator;

/**
 * The default {@link ProcessLauncher}: tracks every child it starts, learns of exits from
 * the JDK ({@link Process#onExit()}), and reaps exited children before each start, on
 * exit, or in the background, as its {@link LauncherSettings} say. Reaping costs
 * O(children that exited), never O(children tracked).
 * <p>
 * Every child is started with the variable {@value #OWNER_VARIABLE} set to this
 * launcher's owner id and {@value #CHILD_VARIABLE} set to the child's number within the
 * launcher, so that descendants that leave the process tree ({@code setsid}, double fork,
 * {@code nohup}) can still be recognised. {@link #close()} ends every live child's tree,
 * and, when {@link LauncherSettings#killEscaped()}, the escaped descendants too.
 * <p>
 * Where a cgroup v2 pids controller is visible, a start that would exceed its
 * {@code pids.max} is refused with a {@link ChildProcessStartException} that says so.
 */
public class DefaultProcessLauncher implements ProcessLauncher, AutoCloseable {

	/**
	 * The environment variable, naming the launcher, that every child is started with.
	 */
	public static final String OWNER_VARIABLE = ProcessMarks.OWNER_VARIABLE;

	/**
	 * The environment variable that numbers each child within its launcher (1, 2, ...).
	 */
	public static final String CHILD_VARIABLE = ProcessMarks.CHILD_VARIABLE;

	private static final System.Logger logger = System.getLogger(DefaultProcessLauncher.class.getName());

	private static final AtomicInteger instances = new AtomicInteger();

	private final LauncherSettings settings;

	private final ProcessTable table;

	private final ProcessTreeTerminator terminator;

	private final CgroupPids cgroupPids;

	private final NativeProcesses natives;

	private final Object lock = new Object();

	// Guarded by lock.
	private final LinkedHashSet<TrackedChild> tracked = new LinkedHashSet<>();

	private final Map<Long, TrackedChild> byPid = new HashMap<>();

	private final ArrayDeque<TrackedChild> exitedQueue = new ArrayDeque<>();

	private final ArrayDeque<ExitRecord> history = new ArrayDeque<>();

	private long live;

	private long unreaped;

	private long exited;

	private long started;

	private long startFailures;

	private long pendingStarts;

	private boolean closed;

	private final AtomicLong childNumbers = new AtomicLong();

	private final List<ChildProcessListener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Creates a launcher with the {@linkplain LauncherSettings#defaults() default
	 * settings}.
	 */
	public DefaultProcessLauncher() {
		this(LauncherSettings.defaults());
	}

	/**
	 * Creates a launcher.
	 * @param settings how it reaps, limits and ends its children
	 */
	public DefaultProcessLauncher(LauncherSettings settings) {
		this(settings, ProcessTable.system(), CgroupPids.system());
	}

	/**
	 * Creates a launcher that reads the process tree and the pids limit from the given
	 * sources.
	 * @param settings how it reaps, limits and ends its children
	 * @param table where descendants and escaped processes are read
	 * @param cgroupPids the pids controller whose limit a start must not exceed
	 */
	public DefaultProcessLauncher(LauncherSettings settings, ProcessTable table, CgroupPids cgroupPids) {
		this.settings = settings;
		this.table = table;
		this.terminator = new ProcessTreeTerminator(table);
		this.cgroupPids = cgroupPids;
		// Loaded now, while threads can still be created (JNA starts one): needed when a
		// start hits a thread limit.
		this.natives = UnwaitedChildReaper.NATIVES;
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("childproc-" + instances.incrementAndGet()));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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

	@Override
	public ChildProcess start(ProcessBuilder builder) throws IOException {
		return start(builder, StartOptions.DEFAULTS);
	}

	@Override
	public ChildProcess start(String name, ProcessBuilder builder) throws IOException {
		StartOptions options;
		try {
			options = new StartOptions(name, null);
		}
		catch (IllegalArgumentException ex) {
			throw refuse(commandOf(builder), ex.getMessage(), null);
		}
		return start(builder, options);
	}

	@Override
	public ChildProcess start(String... command) throws IOException {
		if (command == null) {
			throw refuse(List.of(), "the command is null; give the program and its arguments", null);
		}
		return start(new ProcessBuilder(Arrays.asList(command)), StartOptions.DEFAULTS);
	}

	@Override
	public ChildProcess start(ProcessBuilder builder, StartOptions options) throws IOException {
		List<String> command = validate(builder);
		if (options == null) {
			options = StartOptions.DEFAULTS;
		}
		reap();
		synchronized (this.lock) {
			if (this.closed) {
				this.startFailures++;
				throw startFailed(command, new ChildProcessStartException("Cannot start " + program(command)
						+ ": the launcher is closed (the application is shutting down)"));
			}
			int maxLive = this.settings.maxLive();
			if (maxLive > 0 && this.live + this.pendingStarts >= maxLive) {
				this.startFailures++;
				throw startFailed(command, new ChildProcessStartException("Cannot start " + program(command) + ": "
						+ (this.live + this.pendingStarts) + " children are live, the limit childproc.max-live is "
						+ maxLive + "; wait for a child to exit or raise childproc.max-live"));
			}
			this.pendingStarts++;
		}
		String pidsRefusal = this.cgroupPids.refusal(program(command));
		if (pidsRefusal != null) {
			countFailedStart();
			throw startFailed(command, new ChildProcessStartException(pidsRefusal));
		}
		Process process;
		String number = Long.toString(this.childNumbers.incrementAndGet());
		try {
			Map<String, String> environment = builder.environment();
			environment.put(OWNER_VARIABLE, this.settings.ownerId());
			environment.put(CHILD_VARIABLE, number);
			process = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			countFailedStart();
			ChildProcessStartException failure = diagnose(builder, command, ex);
			String atLimit = this.cgroupPids.refusal(program(command));
			throw startFailed(command, (atLimit != null) ? new ChildProcessStartException(atLimit, ex) : failure);
		}
		catch (OutOfMemoryError ex) {
			// The JDK spawned the child, then could not create the thread that waits for
			// it (a process limit
			// counts threads too). Nobody would ever wait for that child: end it rather
			// than leave it untracked.
			countFailedStart();
			boolean killed = killUnwaitedChild(number, isThreadLimit(ex));
			throw startFailed(command, new ChildProcessStartException(
					"Cannot start " + program(command) + ": the JVM could not create a thread to wait for the child ("
							+ ex.getMessage() + "): a process "
							+ "or thread limit is reached (ulimit -u counts threads too, so does the cgroup's pids.max)"
							+ (killed ? "; the child was killed" : "") + "; end other processes or raise the limit",
					ex));
		}
		catch (Error ex) {
			countFailedStart();
			throw ex;
		}
		String name = (options.name() != null) ? options.name() : programName(command.get(0));
		TrackedChild child = new TrackedChild(this, process, name, List.copyOf(command), options.timeout(),
				Instant.now(), number);
		synchronized (this.lock) {
			this.pendingStarts--;
			this.live++;
			this.started++;
			this.tracked.add(child);
			this.byPid.put(child.pid(), child);
		}
		notifyListeners((listener) -> listener.started(child));
		if (options.timeout() != null) {
			scheduleTimeout(child, options.timeout());
		}
		process.onExit().whenComplete((ignored, failure) -> exited(child));
		return child;
	}

	/**
	 * Finds the child that the JDK spawned but could not start a thread to wait for, by
	 * its marks, and kills it. When the failure was the creation of that thread
	 * ({@code reapable}), no JDK thread ever waits for the pid, so it is then reaped here
	 * by waiting for that one pid: otherwise it would stay a zombie until the JVM exits,
	 * holding a slot of the very process limit that was reached.
	 */
	private boolean killUnwaitedChild(String number, boolean reapable) {
		long jvm = ProcessHandle.current().pid();
		boolean killed = false;
		try {
			for (MarkedProcess marked : findMarked()) {
				ProcessInfo process = marked.process();
				if (process.ppid() != jvm || !number.equals(marked.mark())) {
					continue;
				}
				// A zombie already (the child exited at once) holds its pid until reaped:
				// only reaping is left.
				boolean zombie = process.state().hasEnded();
				Optional<ProcessHandle> handle = zombie ? Optional.empty() : this.terminator.handleOf(process);
				if (handle.isPresent()) {
					killed |= handle.get().destroyForcibly();
				}
				if (reapable && (zombie || handle.isPresent())) {
					reapUnwaited(process.pid());
				}
			}
		}
		catch (RuntimeException ex) {
			// Nothing more can be done here; the start failure is reported either way.
		}
		return killed;
	}

	/**
	 * Whether an error is the JVM's failure to create a thread, as opposed to a heap that
	 * ran out.
	 */
	private static boolean isThreadLimit(OutOfMemoryError error) {
		String message = error.getMessage();
		return message != null && message.contains("native thread");
	}

	/**
	 * Reaps one killed child that no JDK thread waits for ({@code waitpid(pid, WNOHANG)}
	 * until it is reaped or a second has passed). Never waits for any other pid.
	 */
	private void reapUnwaited(long pid) {
		NativeProcesses natives = this.natives;
		if (!natives.available()) {
			logger.log(Level.WARNING, () -> "The child " + pid + " that no thread waits for was killed but stays a "
					+ "zombie until the JVM exits: " + natives.unavailableReason());
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (!natives.reap(pid)) {
			if (System.nanoTime() - deadline > 0 || !Files.exists(Path.of("/proc", Long.toString(pid)))) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/** Loads the native calls only when a child needs them. */
	private static final class UnwaitedChildReaper {

		static final NativeProcesses NATIVES = NativeProcesses.system();

	}

	private void countFailedStart() {
		synchronized (this.lock) {
			this.pendingStarts--;
			this.startFailures++;
		}
	}

	private void scheduleTimeout(TrackedChild child, Duration timeout) {
		try {
			child.timeoutTask = this.scheduler.schedule(() -> timedOut(child), timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// Closing: shutdown ends the child anyway.
		}
	}

	private void timedOut(TrackedChild child) {
		if (child.state != ChildState.RUNNING) {
			return;
		}
		child.timedOut = true;
		logger.log(Level.INFO,
				() -> "Child " + child + " ran past its timeout of " + child.timeout() + ": ending its process tree");
		terminate(child, this.settings.terminateGracePeriod());
	}

	private void exited(TrackedChild child) {
		int code = exitValue(child.process());
		synchronized (this.lock) {
			if (child.state != ChildState.RUNNING) {
				return;
			}
			child.exitCode = code;
			child.exitedAt = Instant.now();
			child.exitedNanos = System.nanoTime();
			child.state = ChildState.EXITED;
			this.live--;
			this.unreaped++;
			this.exited++;
			this.exitedQueue.add(child);
		}
		Future<?> timeoutTask = child.timeoutTask;
		if (timeoutTask != null) {
			timeoutTask.cancel(false);
			child.timeoutTask = null;
		}
		notifyListeners((listener) -> listener.exited(child));
		try {
			child.exitFuture().complete(child);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "An onExit stage of " + child + " failed", ex);
		}
		if (this.settings.reapOnExit()) {
			reap();
		}
	}

	private static int exitValue(Process process) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return process.waitFor();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public int reap() {
		List<ExitRecord> records;
		synchronized (this.lock) {
			if (this.exitedQueue.isEmpty()) {
				return 0;
			}
			Instant now = Instant.now();
			records = new ArrayList<>(this.exitedQueue.size());
			int historySize = this.settings.historySize();
			TrackedChild child;
			while ((child = this.exitedQueue.poll()) != null) {
				child.state = ChildState.REAPED;
				this.tracked.remove(child);
				this.byPid.remove(child.pid(), child);
				this.unreaped--;
				ExitRecord record = child.toRecord(now);
				records.add(record);
				if (historySize > 0) {
					this.history.addFirst(record);
					if (this.history.size() > historySize) {
						this.history.removeLast();
					}
				}
			}
		}
		for (ExitRecord record : records) {
			notifyListeners((listener) -> listener.reaped(record));
		}
		return records.size();
	}

	private void backgroundReap() {
		try {
			reap();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Background reap failed; it runs again at the next interval", ex);
		}
	}

	@Override
	public List<ChildProcess> children() {
		synchronized (this.lock) {
			return List.copyOf(this.tracked);
		}
	}

	/**
	 * Returns the counts and the tracked children as one consistent view:
	 * {@code live + unreaped} equals the number of children in it, whatever other threads
	 * do.
	 * @return the snapshot
	 */
	public Snapshot snapshot() {
		synchronized (this.lock) {
			return new Snapshot(
					new ChildCounts(this.live, this.unreaped, this.exited, this.started, this.startFailures),
					List.copyOf(this.tracked));
		}
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
		synchronized (this.lock) {
			return Optional.ofNullable(this.byPid.get(pid));
		}
	}

	@Override
	public ChildCounts counts() {
		synchronized (this.lock) {
			return new ChildCounts(this.live, this.unreaped, this.exited, this.started, this.startFailures);
		}
	}

	@Override
	public Duration oldestUnreapedAge() {
		long exitedNanos;
		synchronized (this.lock) {
			TrackedChild oldest = this.exitedQueue.peek();
			if (oldest == null) {
				return Duration.ZERO;
			}
			exitedNanos = oldest.exitedNanos;
		}
		return Duration.ofNanos(Math.max(0, System.nanoTime() - exitedNanos));
	}

	@Override
	public List<ExitRecord> recentExits() {
		synchronized (this.lock) {
			return List.copyOf(this.history);
		}
	}

	@Override
	public void addListener(ChildProcessListener listener) {
		this.listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
	}

	@Override
	public void removeListener(ChildProcessListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Ends a child's process tree; see {@link ChildProcess#terminate(Duration)}.
	 */
	boolean terminate(TrackedChild child, Duration grace) {
		if (grace == null || grace.isNegative()) {
			throw new IllegalArgumentException(
					"The grace period must be zero or positive, was " + grace + "; zero kills at once");
		}
		if (child.state != ChildState.RUNNING) {
			return true;
		}
		return this.terminator.terminate(List.of(ProcessTreeTerminator.Root.of(child.process().toHandle())),
				() -> findMarked(child.mark()), this.settings.killEscaped(), grace);
	}

	private List<ProcessInfo> findMarked(String mark) {
		List<ProcessInfo> found = new ArrayList<>();
		for (MarkedProcess marked : findMarked()) {
			if (mark == null || mark.equals(marked.mark())) {
				found.add(marked.process());
			}
		}
		return found;
	}

	private List<MarkedProcess> findMarked() {
		return this.table.findByEnvironment(OWNER_VARIABLE, this.settings.ownerId(), CHILD_VARIABLE);
	}

	/**
	 * Returns what a {@link io.childproc.os.ProcessTreeMonitor} needs to know of this
	 * launcher's children.
	 * @return a live view of this launcher's children
	 */
	public LaunchedChildren launchedChildren() {
		return new LaunchedChildren() {

			@Override
			public String ownerId() {
				return DefaultProcessLauncher.this.settings.ownerId();
			}

			@Override
			public Set<Long> runningPids() {
				Set<Long> pids = new HashSet<>();
				synchronized (DefaultProcessLauncher.this.lock) {
					for (TrackedChild child : DefaultProcessLauncher.this.tracked) {
						if (child.state == ChildState.RUNNING) {
							pids.add(child.pid());
						}
					}
				}
				return pids;
			}

			@Override
			public boolean isRunning(long pid) {
				synchronized (DefaultProcessLauncher.this.lock) {
					TrackedChild child = DefaultProcessLauncher.this.byPid.get(pid);
					return child != null && child.state == ChildState.RUNNING;
				}
			}

			@Override
			public long pidOfMark(String mark) {
				synchronized (DefaultProcessLauncher.this.lock) {
					for (TrackedChild child : DefaultProcessLauncher.this.tracked) {
						if (child.mark().equals(mark)) {
							return child.pid();
						}
					}
				}
				return -1;
			}

		};
	}

	/**
	 * Stops the background work and ends every live child's process tree (SIGTERM, the
	 * shutdown grace period, then SIGKILL), then reaps them. Later starts are refused.
	 */
	@Override
	public void close() {
		List<TrackedChild> running = new ArrayList<>();
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (TrackedChild child : this.tracked) {
				if (child.state == ChildState.RUNNING) {
					running.add(child);
				}
			}
		}
		this.scheduler.shutdownNow();
		List<ProcessInfo> escaped = this.settings.killEscaped() ? findMarked(null) : List.of();
		Set<Long> launched = new HashSet<>();
		running.forEach((child) -> launched.add(child.pid()));
		AdoptedOrphans orphans = new AdoptedOrphans(this.settings.ownerId(), this.table, this.natives);
		List<ProcessInfo> adopted = orphans.find(launched);
		if (!running.isEmpty() || !escaped.isEmpty() || !adopted.isEmpty()) {
			logger.log(Level.INFO, () -> "Ending " + running.size() + " live child process tree(s)"
					+ (escaped.isEmpty() ? "" : ", " + escaped.size() + " process(es) carrying this launcher's mark")
					+ (adopted.isEmpty() ? "" : ", " + adopted.size() + " orphan(s) the JVM adopted") + " at shutdown");
			List<ProcessTreeTerminator.Root> roots = new ArrayList<>(running.size());
			running.forEach((child) -> roots.add(ProcessTreeTerminator.Root.of(child.process().toHandle())));
			adopted.forEach((orphan) -> this.terminator.handleOf(orphan)
				.ifPresent((handle) -> roots.add(ProcessTreeTerminator.Root.of(handle))));
			this.terminator.terminate(roots, () -> findMarked(null), this.settings.killEscaped(),
					this.settings.shutdownGracePeriod());
			for (TrackedChild child : running) {
				// The exit is seen on another thread: wait for it so that the reap below
				// collects it.
				try {
					child.exitFuture().get(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				catch (Exception ex) {
					// Logged below if it is still tracked.
				}
			}
		}
		orphans.reapEnded();
		reap();
	}

	private List<String> validate(ProcessBuilder builder) throws ChildProcessStartException {
		if (builder == null) {
			throw refuse(List.of(), "the ProcessBuilder is null; give one with the program and its arguments", null);
		}
		List<String> command = builder.command();
		if (command.isEmpty()) {
			throw refuse(command, "the command is empty; give the program and its arguments", null);
		}
		for (int i = 0; i < command.size(); i++) {
			if (command.get(i) == null) {
				throw refuse(command, ((i == 0) ? "the program (element 0 of the command) is null"
						: "element " + i + " of the command is null") + "; remove it or give a value", null);
			}
		}
		if (command.get(0).isBlank()) {
			throw refuse(command, "the program (element 0 of the command) is blank; give its name or path", null);
		}
		return command;
	}

	private ChildProcessStartException refuse(List<String> command, String reason, Throwable cause) {
		synchronized (this.lock) {
			this.startFailures++;
		}
		String what = command.isEmpty() ? "a child process" : program(command);
		return startFailed(command, new ChildProcessStartException("Cannot start " + what + ": " + reason, cause));
	}

	private ChildProcessStartException startFailed(List<String> command, ChildProcessStartException ex) {
		List<String> copy = new ArrayList<>(command);
		notifyListeners((listener) -> listener.startFailed(copy, ex));
		return ex;
	}

	private static List<String> commandOf(ProcessBuilder builder) {
		return (builder != null) ? builder.command() : List.of();
	}

	private static String program(List<String> command) {
		return "[" + (command.isEmpty() ? "" : command.get(0)) + "]";
	}

	static String programName(String program) {
		String trimmed = program;
		while (trimmed.length() > 1 && trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		int slash = trimmed.lastIndexOf('/');
		return (slash >= 0 && slash < trimmed.length() - 1) ? trimmed.substring(slash + 1) : trimmed;
	}

	/**
	 * Turns the JDK's "error=2" into what was wrong and what to do.
	 */
	static ChildProcessStartException diagnose(ProcessBuilder builder, List<String> command, Exception failure) {
		String program = command.get(0);
		String prefix = "Cannot start " + program(command) + ": ";
		File directory = builder.directory();
		if (directory != null && !directory.isDirectory()) {
			return new ChildProcessStartException(prefix + "the working directory " + directory
					+ " does not exist or is not a directory; create it or give another to ProcessBuilder.directory()",
					failure);
		}
		if (program.indexOf('/') >= 0) {
			Path path = Path.of(program);
			if (!path.isAbsolute() && directory != null) {
				path = directory.toPath().resolve(path);
			}
			String problem = problemWith(path);
			if (problem != null) {
				return new ChildProcessStartException(prefix + problem, failure);
			}
		}
		else {
			String searchPath = builder.environment().get("PATH");
			if (searchPath == null) {
				searchPath = System.getenv("PATH");
			}
			Path found = null;
			String problem = null;
			for (String entry : (searchPath != null) ? searchPath.split(File.pathSeparator) : new String[0]) {
				if (entry.isEmpty()) {
					continue;
				}
				Path candidate = Path.of(entry, program);
				if (Files.exists(candidate)) {
					found = candidate;
					problem = problemWith(candidate);
					if (problem == null) {
						break;
					}
				}
			}
			if (found == null) {
				return new ChildProcessStartException(
						prefix + "no such program in PATH (" + searchPath + "); install it, or give its absolute path",
						failure);
			}
			if (problem != null) {
				return new ChildProcessStartException(prefix + problem, failure);
			}
		}
		String message = String.valueOf(failure.getMessage());
		if (message.contains("error=24,")) {
			return new ChildProcessStartException(prefix + "the JVM has too many open files ("
					+ message.substring(message.indexOf("error=")) + "): each child with piped streams holds three "
					+ "descriptors until it exits; raise the limit (ulimit -n), or redirect the child's streams "
					+ "(Redirect.DISCARD, INHERIT or a file)", failure);
		}
		if (message.contains("error=11,") || message.contains("error=12,")) {
			return new ChildProcessStartException(prefix + "the operating system refused a new process ("
					+ message.substring(message.indexOf("error=")) + "): a process limit is reached (ulimit -u, "
					+ "the cgroup's pids.max) or memory is short; end other processes or raise the limit", failure);
		}
		return new ChildProcessStartException(prefix + message, failure);
	}

	private static String problemWith(Path path) {
		if (!Files.exists(path)) {
			return "no such file " + path + "; check the path";
		}
		if (Files.isDirectory(path)) {
			return path + " is a directory, not a program";
		}
		if (!Files.isExecutable(path)) {
			return path + " is not executable; make it executable (chmod +x) or run it through its interpreter";
		}
		return null;
	}

	private void notifyListeners(Consumer<ChildProcessListener> event) {
		for (ChildProcessListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException | LinkageError ex) {
				logger.log(Level.WARNING, "Listener " + listener + " failed; the launcher goes on", ex);
			}
		}
	}

	private static ThreadFactory daemonThreads(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
