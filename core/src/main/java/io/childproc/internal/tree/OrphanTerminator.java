package io.childproc.internal.tree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.linux.WaitingThreads;
import io.childproc.internal.natives.ReapingCalls;

/**
 * Finds the processes that the JVM adopted as PID 1 or as a child subreaper, so that a
 * launcher can end them when it closes, and reaps them once ended (each by its own pid).
 * <p>
 * An orphan reparented to the JVM is a direct child of the JVM that the JDK did not
 * launch. A running direct child of the JVM is taken for one when it is not a running
 * child of the launcher and:
 * <ul>
 * <li>it carries the launcher's owner mark ({@link Mark#OWNER_VARIABLE}): only the
 * launcher's children and their descendants carry it; or</li>
 * <li>it carries no owner mark at all ({@code env -i}, or a program that rewrote its
 * process title over its environment) and no thread of the JVM waits for it, in two looks
 * {@value #SECOND_LOOK_MILLIS} ms apart ({@link WaitingThreads}): the JDK blocks one
 * thread in {@code waitpid} for every child it launches, whoever launched it, so a child
 * that other code started with a plain {@link ProcessBuilder} is never taken.</li>
 * </ul>
 * A process that carries another launcher's owner mark is left to that launcher. Where
 * the JVM's threads cannot be read (an architecture other than x86-64 and AArch64), only
 * the marked orphans are found.
 * <p>
 * Limits: a child that native code in the JVM forked and does not wait for with a blocked
 * thread looks like an adopted orphan and is ended too. Nothing is found when the JVM
 * adopts nothing ({@link #jvmAdopts()}): then orphans go to PID 1 and only their marks
 * can find them.
 */
public final class OrphanTerminator {

	/** How long apart the two looks at the JVM's waiting threads are. */
	static final long SECOND_LOOK_MILLIS = 100;

	private static final String OWNER_PREFIX = Mark.OWNER_VARIABLE + "=";

	private final String ownerId;

	private final ProcessTable table;

	private final ReapingCalls natives;

	private final WaitingThreads threads;

	private final Path proc;

	private final long self;

	// The orphans found, by pid, to be reaped once ended.
	private final Map<Long, ProcessInfo> found = new HashMap<>();

	/**
	 * Creates a finder for the system's process table.
	 * @param ownerId the owner id of the launcher that ends the orphans
	 * @param table where the JVM's children are read
	 * @param natives the native calls that tell whether the JVM is a subreaper and reap
	 */
	public OrphanTerminator(String ownerId, ProcessTable table, ReapingCalls natives) {
		this(ownerId, table, natives, new WaitingThreads(), Path.of("/proc"), ProcessHandle.current().pid());
	}

	OrphanTerminator(String ownerId, ProcessTable table, ReapingCalls natives, WaitingThreads threads, Path proc,
			long self) {
		this.ownerId = ownerId;
		this.table = table;
		this.natives = natives;
		this.threads = threads;
		this.proc = proc;
		this.self = self;
	}

	/**
	 * Whether orphans are reparented to the JVM now: it is PID 1 or a child subreaper.
	 * @return whether the JVM adopts orphans
	 */
	public boolean jvmAdopts() {
		return this.self == 1 || this.natives.isChildSubreaper();
	}

	/**
	 * Returns the running orphans the JVM adopted, as described in the class
	 * documentation. May pause {@value #SECOND_LOOK_MILLIS} ms for the second look.
	 * @param launched the pids of the launcher's running children
	 * @return the adopted orphans, empty when the JVM adopts nothing or the process table
	 * cannot be read
	 */
	public List<ProcessInfo> find(Set<Long> launched) {
		if (!this.table.available() || !jvmAdopts()) {
			return List.of();
		}
		List<ProcessInfo> marked = new ArrayList<>();
		List<ProcessInfo> unmarked = new ArrayList<>();
		for (ProcessInfo child : runningChildren(launched)) {
			Optional<String> owner = ownerOf(child.pid());
			if (owner.isEmpty()) {
				unmarked.add(child);
			}
			else if (owner.get().equals(this.ownerId)) {
				marked.add(child);
			}
		}
		List<ProcessInfo> all = new ArrayList<>(marked);
		all.addAll(unmarked);
		List<ProcessInfo> unwaited = unwaited(all);
		if (!unwaited.isEmpty()) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SECOND_LOOK_MILLIS));
			unwaited = unwaited(unwaited);
		}
		List<ProcessInfo> adopted = new ArrayList<>(marked);
		for (ProcessInfo process : unwaited) {
			if (!adopted.contains(process)) {
				adopted.add(process);
			}
		}
		synchronized (this.found) {
			// Only those no thread waits for may be reaped here: a marked child that a
			// JDK
			// thread waits for (one the launcher was starting while it closed) is the
			// JDK's to reap.
			unwaited.forEach((process) -> this.found.put(process.pid(), process));
		}
		return adopted;
	}

	/**
	 * Reaps, each by its own pid, the orphans that {@link #find(Set)} found (and no
	 * thread of the JVM waited for) and that have ended since. Never waits for "any
	 * child", nor for any other pid: a zombie orphan found by nobody is left to the
	 * {@link ProcessTreeMonitor}'s reaping, or to the JVM's exit.
	 * @return how many were reaped
	 */
	public int reapEnded() {
		List<ProcessInfo> known;
		synchronized (this.found) {
			known = new ArrayList<>(this.found.values());
		}
		// Nothing found: the native calls are not asked for (on Java 24+ without native
		// access that would load JNA, and warn, at every close).
		if (known.isEmpty() || !this.table.available() || !this.natives.available()) {
			return 0;
		}
		int reaped = 0;
		for (ProcessInfo orphan : known) {
			Optional<ProcessInfo> now = this.table.process(orphan.pid());
			boolean gone = now.isEmpty() || !now.get().isSameProcessAs(orphan);
			if (!gone && now.get().isZombie() && now.get().ppid() == this.self) {
				reaped += this.natives.reap(orphan.pid()) ? 1 : 0;
				gone = true;
			}
			if (gone) {
				synchronized (this.found) {
					this.found.remove(orphan.pid(), orphan);
				}
			}
		}
		return reaped;
	}

	/**
	 * Reaps, each by its own pid, the zombie children of the JVM that it adopted during a
	 * termination (a browser's helper that outlived its parent and exited after the tree
	 * was ended): zombies whose parent is the JVM, not among the launcher's children, and
	 * that no thread of the JVM waits for at two looks {@value #SECOND_LOOK_MILLIS} ms
	 * apart (the JDK's own children always have their reaper thread waiting). Looks again
	 * until two looks a moment apart find none, for at most {@code limit}.
	 * @param launched the pids of the launcher's children
	 * @param limit how long to keep looking
	 * @return how many were reaped
	 */
	public int reapAdoptedZombies(Set<Long> launched, Duration limit) {
		if (!this.table.available() || !jvmAdopts() || !this.natives.available()) {
			return 0;
		}
		long deadline = System.nanoTime() + limit.toNanos();
		int reaped = 0;
		boolean quietOnce = false;
		while (System.nanoTime() < deadline) {
			List<ProcessInfo> zombies = new ArrayList<>();
			for (ProcessInfo process : this.table.descendants(this.self)) {
				if (process.ppid() == this.self && process.isZombie() && !launched.contains(process.pid())) {
					zombies.add(process);
				}
			}
			List<ProcessInfo> unwaited = unwaited(zombies);
			if (!unwaited.isEmpty()) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SECOND_LOOK_MILLIS));
				unwaited = unwaited(unwaited);
			}
			for (ProcessInfo zombie : unwaited) {
				Optional<ProcessInfo> now = this.table.process(zombie.pid());
				if (now.isPresent() && now.get().isSameProcessAs(zombie) && now.get().isZombie()
						&& now.get().ppid() == this.self) {
					reaped += this.natives.reap(zombie.pid()) ? 1 : 0;
				}
			}
			if (zombies.isEmpty()) {
				if (quietOnce) {
					break;
				}
				quietOnce = true;
			}
			else {
				quietOnce = false;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SECOND_LOOK_MILLIS));
		}
		return reaped;
	}

	private List<ProcessInfo> runningChildren(Set<Long> launched) {
		List<ProcessInfo> children = new ArrayList<>();
		for (ProcessInfo process : this.table.descendants(this.self)) {
			if (process.ppid() == this.self && !process.state().hasEnded() && !launched.contains(process.pid())) {
				children.add(process);
			}
		}
		return children;
	}

	private List<ProcessInfo> unwaited(List<ProcessInfo> processes) {
		Optional<Set<Long>> waited = this.threads.waitedPids();
		if (waited.isEmpty()) {
			return List.of();
		}
		List<ProcessInfo> unwaited = new ArrayList<>();
		for (ProcessInfo process : processes) {
			if (!waited.get().contains(process.pid())) {
				unwaited.add(process);
			}
		}
		return unwaited;
	}

	/**
	 * Returns the value of the owner mark in a process's environment: empty when it has
	 * none; an unreadable environment counts as another owner's, so that the process is
	 * left alone.
	 */
	private Optional<String> ownerOf(long pid) {
		byte[] environment;
		try {
			environment = Files.readAllBytes(this.proc.resolve(Long.toString(pid)).resolve("environ"));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.of("");
		}
		int start = 0;
		for (int i = 0; i <= environment.length; i++) {
			if (i == environment.length || environment[i] == 0) {
				String entry = new String(environment, start, i - start, StandardCharsets.UTF_8);
				if (entry.startsWith(OWNER_PREFIX)) {
					return Optional.of(entry.substring(OWNER_PREFIX.length()));
				}
				start = i + 1;
			}
		}
		return Optional.empty();
	}

}
