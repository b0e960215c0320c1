package io.childproc.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import io.childproc.ChildCounts;
import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ExitRecord;
import io.childproc.Outcome;
import io.childproc.ProcessLauncher;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeSnapshot;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code children} endpoint: the children of a {@link ProcessLauncher} and its recent
 * exits; reaping on request ({@code POST}) and ending one child's tree ({@code DELETE}),
 * both refused unless the endpoint's access is unrestricted.
 * <p>
 * Command lines can hold secrets: while {@code show-values} hides values (the default),
 * every argument is masked as {@code ******}, and so is any text a process could have
 * chosen; only programs known to be programs are shown (see {@link CommandMasker}). When
 * values are shown, every {@link SanitizingFunction} applies to each element, under the
 * key {@code command[i]}. The environment of a child is never shown.
 * <p>
 * What the operating system knows (each child's descendants and CPU time, zombies,
 * escaped processes, the cgroup pids) comes from the {@link ProcessTreeMonitor}'s last
 * snapshot, read once per answer: a read costs O(children + descendants) and reads no
 * file. A child started after the last scan is shown without {@code descendants} until
 * the next scan. Without a monitor (none defined, or the process tree cannot be read),
 * children are shown without {@code descendants} and {@code cpuTime}, and the process
 * tree's members are absent.
 */
@Endpoint(id = "children", defaultAccess = Access.READ_ONLY)
public class ChildrenEndpoint {

	private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

	private final ProcessLauncher launcher;

	private final Sanitizer sanitizer;

	private final Show showValues;

	private final Set<String> roles;

	private final Duration terminateGracePeriod;

	private final List<ChildrenEndpointContributor> contributors;

	private final ProcessTreeMonitor monitor;

	/**
	 * Creates the endpoint.
	 * @param launcher the launcher whose children are shown
	 * @param sanitizingFunctions the functions applied to every argument shown
	 * @param showValues when arguments are shown unmasked
	 * @param roles the roles that see arguments when {@code showValues} is
	 * {@link Show#WHEN_AUTHORIZED}; none means any authenticated user
	 * @param terminateGracePeriod how long a child's tree gets after SIGTERM before
	 * SIGKILL, on {@code DELETE}
	 * @param contributors what else to show
	 */
	public ChildrenEndpoint(ProcessLauncher launcher, Iterable<SanitizingFunction> sanitizingFunctions, Show showValues,
			Set<String> roles, Duration terminateGracePeriod, List<ChildrenEndpointContributor> contributors) {
		this(launcher, sanitizingFunctions, showValues, roles, terminateGracePeriod, contributors, null);
	}

	/**
	 * Creates the endpoint.
	 * @param launcher the launcher whose children are shown
	 * @param sanitizingFunctions the functions applied to every argument shown
	 * @param showValues when arguments are shown unmasked
	 * @param roles the roles that see arguments when {@code showValues} is
	 * {@link Show#WHEN_AUTHORIZED}; none means any authenticated user
	 * @param terminateGracePeriod how long a child's tree gets after SIGTERM before
	 * SIGKILL, on {@code DELETE}
	 * @param contributors what else to show
	 * @param monitor the monitor whose last snapshot tells descendants, zombies and
	 * escaped processes, or {@code null} for none
	 */
	public ChildrenEndpoint(ProcessLauncher launcher, Iterable<SanitizingFunction> sanitizingFunctions, Show showValues,
			Set<String> roles, Duration terminateGracePeriod, List<ChildrenEndpointContributor> contributors,
			ProcessTreeMonitor monitor) {
		this.monitor = (monitor != null && monitor.available()) ? monitor : null;
		this.launcher = Objects.requireNonNull(launcher, "launcher");
		this.sanitizer = new Sanitizer(sanitizingFunctions);
		this.showValues = Objects.requireNonNull(showValues, "showValues");
		this.roles = Set.copyOf(roles);
		this.terminateGracePeriod = Objects.requireNonNull(terminateGracePeriod, "terminateGracePeriod");
		this.contributors = List.copyOf(contributors);
	}

	/**
	 * Describes every tracked child, with its descendants, and the recent exits.
	 * @param securityContext who asks, for {@code show-values}
	 * @return the description
	 */
	@ReadOperation
	public ChildrenDescriptor children(SecurityContext securityContext) {
		CommandMasker mask = masker(securityContext);
		ProcessTreeSnapshot tree = (this.monitor != null) ? this.monitor.snapshot() : null;
		ChildCounts counts = this.launcher.counts();
		List<ChildProcess> children = this.launcher.children();
		List<ChildDescriptor> described = new ArrayList<>(children.size());
		for (ChildProcess child : children) {
			described.add(describe(child, tree, mask));
		}
		List<ExitDescriptor> exits = this.launcher.recentExits().stream().map((exit) -> describe(exit, mask)).toList();
		Map<String, Object> members = new LinkedHashMap<>();
		if (this.launcher instanceof DefaultProcessLauncher tracking) {
			members.put("exitWatcher", tracking.exitWatcherName());
		}
		for (ChildrenEndpointContributor contributor : this.contributors) {
			contributor.contribute(members, mask);
		}
		if (tree != null) {
			ProcessTreeMembers.add(members, this.monitor, tree, mask);
		}
		return new ChildrenDescriptor(counts.live(), counts.unreaped(), counts.exited(), counts.started(),
				counts.startFailures(), described, exits, members);
	}

	/**
	 * Describes one child: the tracked child with that pid, else its record among the
	 * recent exits.
	 * @param securityContext who asks, for {@code show-values}
	 * @param pid the child's pid
	 * @return a {@link ChildDescriptor}, an {@link ExitDescriptor}, or {@code null} (404)
	 * when the launcher knows no such child, or the pid is 0 or negative
	 */
	@ReadOperation
	public OperationResponseBody child(SecurityContext securityContext, @Selector long pid) {
		if (pid <= 0) {
			return null;
		}
		CommandMasker mask = masker(securityContext);
		Optional<ChildProcess> child = this.launcher.child(pid);
		if (child.isPresent()) {
			return describe(child.get(), (this.monitor != null) ? this.monitor.snapshot() : null, mask);
		}
		return this.launcher.recentExits()
			.stream()
			.filter((exit) -> exit.pid() == pid)
			.findFirst()
			.map((exit) -> describe(exit, mask))
			.orElse(null);
	}

	/**
	 * Reaps every tracked child that has exited, now.
	 * @return how many were reaped
	 */
	@WriteOperation
	public ReapDescriptor reap() {
		return new ReapDescriptor(this.launcher.reap());
	}

	/**
	 * Ends the tree of the tracked child with that pid: SIGTERM, the
	 * {@code childproc.terminate.grace-period}, then SIGKILL. A pid this launcher did not
	 * start is never signalled.
	 * @param pid the child's pid
	 * @return what happened, or {@code null} (404) when the launcher tracks no such
	 * child, or the pid is 0 or negative
	 */
	@DeleteOperation
	public TerminationDescriptor terminate(@Selector long pid) {
		if (pid <= 0) {
			// No child has such a pid; kill(2) would read 0 and -1 as "every process of
			// the group / user".
			return null;
		}
		ChildProcess child = this.launcher.child(pid).orElse(null);
		if (child == null) {
			return null;
		}
		boolean wasRunning = child.state() == ChildState.RUNNING;
		boolean terminated = child.terminate(this.terminateGracePeriod);
		Integer exitCode = terminated ? exitCode(child) : null;
		return new TerminationDescriptor(pid, child.name(), wasRunning, terminated, exitCode);
	}

	private static Integer exitCode(ChildProcess child) {
		if (child.exitCode().isPresent()) {
			return child.exitCode().getAsInt();
		}
		try {
			Process process = child.process();
			return process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private CommandMasker masker(SecurityContext securityContext) {
		return new CommandMasker(this.sanitizer, this.showValues.isShown(securityContext, this.roles));
	}

	private ChildDescriptor describe(ChildProcess child, ProcessTreeSnapshot tree, CommandMasker mask) {
		// One read of the state: the exit code and time are set before it changes, so a
		// child read as running shows neither, and one read as ended shows both, even
		// while it exits during this call.
		ChildState state = child.state();
		boolean running = state == ChildState.RUNNING;
		List<DescendantDescriptor> descendants = running ? null : List.of();
		Duration cpuTime = null;
		if (running && knows(tree, child)) {
			List<ProcessInfo> found = tree.descendantsOf(child.pid());
			descendants = new ArrayList<>(found.size());
			for (ProcessInfo descendant : found) {
				descendants.add(new DescendantDescriptor(descendant.pid(), mask.process(descendant),
						!descendant.state().hasEnded(), descendant.state().name()));
			}
			ProcessInfo own = tree.descendant(child.pid());
			cpuTime = (own != null) ? own.cpuTime() : null;
		}
		OptionalInt code = running ? OptionalInt.empty() : child.exitCode();
		Integer exitCode = code.isPresent() ? code.getAsInt() : null;
		Instant exitedAt = running ? null : child.exitedAt();
		return new ChildDescriptor(child.pid(), child.name(), mask.launched(child.command()), state, child.startedAt(),
				exitedAt, exitCode, cpuTime, descendants);
	}

	/**
	 * Whether the snapshot describes this child: it began after the child was started,
	 * and found it running (a pid reused by a later child is not taken for it).
	 */
	private static boolean knows(ProcessTreeSnapshot tree, ChildProcess child) {
		return tree != null && tree.takenAt() != null && tree.takenAt().isAfter(child.startedAt())
				&& tree.knowsChild(child.pid());
	}

	private static ExitDescriptor describe(ExitRecord exit, CommandMasker mask) {
		return new ExitDescriptor(exit.pid(), exit.name(), mask.launched(exit.command()), exit.exitCode(),
				exit.outcome(), exit.startedAt(), exit.exitedAt(), exit.reapedAt(), exit.duration());
	}

	/**
	 * The answer of {@code GET /actuator/children}.
	 *
	 * @param live children running now
	 * @param unreaped children that have exited and are not yet reaped
	 * @param exited children that have exited since start
	 * @param started children started
	 * @param startFailures starts that failed
	 * @param children the tracked children, oldest first
	 * @param recentExits the most recently reaped children, newest first
	 * @param contributed members added by {@link ChildrenEndpointContributor}s, shown at
	 * the top level
	 */
	public record ChildrenDescriptor(long live, long unreaped, long exited, long started, long startFailures,
			List<ChildDescriptor> children, List<ExitDescriptor> recentExits,
			@JsonAnyGetter Map<String, Object> contributed) implements OperationResponseBody {

	}

	/**
	 * A tracked child.
	 *
	 * @param pid its pid
	 * @param name its name
	 * @param command its program and masked arguments
	 * @param state its state in the launcher
	 * @param startedAt when it was started
	 * @param exitedAt when its exit was seen, {@code null} while it runs
	 * @param exitCode its exit code, {@code null} while it runs
	 * @param cpuTime the CPU time it used, as of the last scan of the process tree;
	 * {@code null} while unknown
	 * @param descendants the processes it started, directly or not, as of the last scan
	 * of the process tree; {@code null} while unknown (started after that scan, or no
	 * process tree monitor)
	 */
	public record ChildDescriptor(long pid, String name, List<String> command, ChildState state, Instant startedAt,
			Instant exitedAt, Integer exitCode, Duration cpuTime,
			List<DescendantDescriptor> descendants) implements OperationResponseBody {

	}

	/**
	 * A descendant of a child, as the last scan of the process tree found it.
	 *
	 * @param pid its pid
	 * @param command its program and masked arguments (see {@link CommandMasker})
	 * @param alive whether it was running (not a zombie)
	 * @param state its scheduler state ({@code SLEEPING}, {@code ZOMBIE}, ...)
	 */
	public record DescendantDescriptor(long pid, List<String> command, boolean alive, String state) {

	}

	/**
	 * A reaped child.
	 *
	 * @param pid the pid it had
	 * @param name its name
	 * @param command its program and masked arguments
	 * @param exitCode its exit code (128+N when killed by signal N)
	 * @param outcome how it ended
	 * @param startedAt when it was started
	 * @param exitedAt when its exit was seen
	 * @param reapedAt when it was reaped
	 * @param duration how long it ran
	 */
	public record ExitDescriptor(long pid, String name, List<String> command, int exitCode, Outcome outcome,
			Instant startedAt, Instant exitedAt, Instant reapedAt, Duration duration) implements OperationResponseBody {

	}

	/**
	 * The answer of {@code POST /actuator/children}.
	 *
	 * @param reaped how many children were reaped
	 */
	public record ReapDescriptor(int reaped) implements OperationResponseBody {

	}

	/**
	 * The answer of {@code DELETE /actuator/children/{pid}}.
	 *
	 * @param pid the child's pid
	 * @param name the child's name
	 * @param wasRunning whether it was running when asked (else it had already exited and
	 * nothing was signalled)
	 * @param terminated whether it has ended
	 * @param exitCode its exit code once ended
	 */
	public record TerminationDescriptor(long pid, String name, boolean wasRunning, boolean terminated,
			Integer exitCode) implements OperationResponseBody {

	}

}
