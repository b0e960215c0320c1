package io.childproc.internal.tree;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.childproc.internal.linux.JvmMark;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessKey;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.linux.ProcessTreeIndex;
import org.jspecify.annotations.Nullable;

/**
 * Finds the processes that an earlier run of this application left behind when its JVM
 * was killed, and ends them when asked. A process is a leftover when its
 * {@value Mark#APPLICATION_VARIABLE} is this application's id and its
 * {@value Mark#JVM_VARIABLE} names another JVM of this pid namespace that is gone (its
 * pid is not listed, or is listed with another start time). So another application's
 * processes never count, nor those of a second instance of this application whose JVM
 * runs.
 * <p>
 * The environment is read once per process outside the JVM's tree: the answer is
 * remembered by pid and start time for as long as the process is listed, and whether each
 * marked process's JVM runs is decided again from every listing. Not thread-safe:
 * {@link #update} runs under the monitor's scan lock; {@link #latest()} may be read by
 * any thread.
 */
final class Leftovers {

	private static final System.Logger logger = System.getLogger(Leftovers.class.getName());

	/** The pid of {@code kthreadd}, the parent of every kernel thread. */
	private static final long KTHREADD = 2;

	private static final Set<String> MARKS = Set.of(Mark.APPLICATION_VARIABLE, Mark.JVM_VARIABLE);

	private static final JvmMark UNMARKED = new JvmMark(-1, -1, -1);

	private final ProcessTable table;

	private final long self;

	private final @Nullable String applicationId;

	private final @Nullable JvmMark jvm;

	// The JVM mark of each process outside the tree read before, UNMARKED when it is not
	// a process of this application started by another JVM.
	private Map<ProcessKey, JvmMark> judged = new HashMap<>();

	private Map<ProcessKey, LeftoverProcess> described = new HashMap<>();

	private volatile List<LeftoverProcess> latest = List.of();

	/**
	 * Creates the policy.
	 * @param table where processes are read
	 * @param self the JVM's pid
	 * @param applicationId the application's id, or {@code null} to look for nothing
	 * @param jvm this JVM's mark, empty where it cannot be read (nothing is looked for)
	 */
	Leftovers(ProcessTable table, long self, @Nullable String applicationId, Optional<JvmMark> jvm) {
		this.table = table;
		this.self = self;
		this.applicationId = applicationId;
		this.jvm = jvm.orElse(null);
	}

	/**
	 * Whether leftovers are looked for: the launcher marks an application, and the
	 * process table can be read.
	 */
	boolean enabled() {
		return this.applicationId != null && this.jvm != null && this.table.available();
	}

	/**
	 * Returns the leftovers the last look found, oldest first; O(1).
	 */
	List<LeftoverProcess> latest() {
		return this.latest;
	}

	/**
	 * Finds the leftovers in one listing of the process table.
	 * @param processes every process, as listed
	 * @param index the same listing, indexed
	 * @param tree the pids of the JVM's descendants in that listing
	 * @return the leftovers, oldest first
	 */
	List<LeftoverProcess> update(List<ProcessStat> processes, ProcessTreeIndex index, Set<Long> tree) {
		if (!enabled()) {
			return List.of();
		}
		Map<ProcessKey, JvmMark> judgedNow = new HashMap<>();
		Map<Long, ProcessStat> found = new LinkedHashMap<>();
		Map<Long, JvmMark> markOf = new HashMap<>();
		for (ProcessStat process : processes) {
			if (tree.contains(process.pid()) || process.pid() == this.self || process.pid() == KTHREADD
					|| process.ppid() == KTHREADD || process.state().hasEnded()) {
				continue;
			}
			ProcessKey key = ProcessKey.of(process);
			JvmMark mark = this.judged.get(key);
			if (mark == null) {
				mark = judge(process);
			}
			judgedNow.put(key, mark);
			if (mark != UNMARKED && !mark.runsIn(index)) {
				found.put(process.pid(), process);
				markOf.put(process.pid(), mark);
			}
		}
		this.judged = judgedNow;
		Map<ProcessKey, LeftoverProcess> describedNow = new HashMap<>();
		List<LeftoverProcess> leftovers = new ArrayList<>(found.size());
		for (ProcessStat process : found.values()) {
			ProcessKey key = ProcessKey.of(process);
			LeftoverProcess leftover = this.described.get(key);
			boolean root = !found.containsKey(process.ppid());
			if (leftover == null || leftover.root() != root) {
				ProcessInfo info = (leftover != null) ? leftover.process() : this.table.describe(process);
				Instant startedAt = (leftover != null) ? leftover.startedAt() : startInstant(process);
				leftover = new LeftoverProcess(info, markOf.get(process.pid()).pid(), startedAt, root);
			}
			describedNow.put(key, leftover);
			leftovers.add(leftover);
		}
		this.described = describedNow;
		leftovers.sort(Comparator.comparingLong((LeftoverProcess leftover) -> leftover.process().startTime()));
		this.latest = List.copyOf(leftovers);
		return this.latest;
	}

	/**
	 * Looks for leftovers once, when the monitor starts: a WARN names how many and the
	 * oldest; when {@code end}, their trees are ended as {@code terminate()} ends a
	 * child's (SIGTERM, the grace period, SIGKILL), each pid signalled only while it has
	 * the start time it had when found.
	 * @param end whether to end them
	 * @param grace how long they get after SIGTERM
	 * @param terminator what ends them
	 */
	void atStart(boolean end, Duration grace, ProcessTreeTerminator terminator) {
		if (!enabled()) {
			return;
		}
		List<LeftoverProcess> found = lookNow();
		if (found.isEmpty()) {
			return;
		}
		LeftoverProcess oldest = found.get(0);
		String what = found.size() + ((found.size() == 1) ? " process" : " processes")
				+ " left behind by an earlier run of this application (id '" + this.applicationId
				+ "') whose JVM is gone; the oldest is pid " + oldest.pid() + " (" + program(oldest.process()) + ")"
				+ ((oldest.startedAt() != null) ? ", started " + oldest.startedAt() : "") + " by the JVM with pid "
				+ oldest.jvmPid();
		if (!end) {
			logger.log(Level.WARNING, "Found " + what + ". They still run: set childproc.leftovers.end=true to end "
					+ "them at start-up, or see leftovers in /actuator/children");
			return;
		}
		logger.log(Level.WARNING, "Ending " + what + " (childproc.leftovers.end=true)");
		List<TerminationRoot> roots = new ArrayList<>();
		for (LeftoverProcess leftover : found) {
			if (leftover.root()) {
				terminator.handleOf(leftover.process()).ifPresent((handle) -> roots.add(TerminationRoot.of(handle)));
			}
		}
		terminator.terminate(roots, () -> lookNow().stream().map(LeftoverProcess::process).toList(), true, grace);
		List<LeftoverProcess> left = lookNow();
		if (left.isEmpty()) {
			logger.log(Level.INFO,
					"Ended the " + found.size() + " leftover process(es) of application '" + this.applicationId + "'");
		}
		else {
			logger.log(Level.WARNING, left.size() + " leftover process(es) of application '" + this.applicationId
					+ "' still run after SIGKILL (another user's processes cannot be signalled); see leftovers in "
					+ "/actuator/children");
		}
	}

	/** Lists the process table and looks for leftovers in it. */
	private List<LeftoverProcess> lookNow() {
		List<ProcessStat> processes = this.table.list();
		ProcessTreeIndex index = new ProcessTreeIndex(processes);
		Set<Long> tree = new HashSet<>();
		for (ProcessStat descendant : index.descendants(this.self)) {
			tree.add(descendant.pid());
		}
		return update(processes, index, tree);
	}

	private JvmMark judge(ProcessStat process) {
		Map<String, String> environment = this.table.environment(process.pid(), MARKS);
		if (this.jvm == null || !this.applicationId.equals(environment.get(Mark.APPLICATION_VARIABLE))) {
			return UNMARKED;
		}
		JvmMark mark = JvmMark.parse(environment.get(Mark.JVM_VARIABLE)).orElse(UNMARKED);
		boolean ours = mark.pid() == this.jvm.pid() && mark.startTime() == this.jvm.startTime();
		// A pid of another namespace means nothing here: never judged.
		return (ours || mark.pidNamespace() != this.jvm.pidNamespace()) ? UNMARKED : mark;
	}

	private static @Nullable Instant startInstant(ProcessStat process) {
		return ProcessHandle.of(process.pid()).flatMap((handle) -> handle.info().startInstant()).orElse(null);
	}

	/** The program file's name, which the process cannot choose, else its short name. */
	private static String program(ProcessInfo process) {
		if (process.executable() != null) {
			Path name = Path.of(process.executable()).getFileName();
			if (name != null) {
				return name.toString();
			}
		}
		return "program file not readable";
	}

}
