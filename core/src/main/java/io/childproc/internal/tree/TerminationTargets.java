package io.childproc.internal.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.childproc.internal.exit.ExitWatcher;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import org.jspecify.annotations.Nullable;

/**
 * The processes a {@code ProcessTreeTerminator} is ending, by pid, in the order found,
 * each with the watch to signal it through; and the zombies it found in their trees,
 * reaped before the termination returns where the JVM adopted them.
 */
final class TerminationTargets {

	private static final int SIGTERM = 15;

	private static final int SIGKILL = 9;

	private final ProcessTable table;

	private final ProcessHandles handles;

	private final Map<Long, Target> byPid = new LinkedHashMap<>();

	final AdoptedZombies adopted;

	TerminationTargets(ProcessTable table, ProcessHandles handles) {
		this.table = table;
		this.handles = handles;
		this.adopted = new AdoptedZombies(table);
	}

	/** Adds a process to end, with what the table said of it if it was read there. */
	void add(ProcessHandle handle, ExitWatcher.@Nullable Watch watch, @Nullable ProcessInfo read) {
		Target known = this.byPid.get(handle.pid());
		// A target that has ended may have left its pid to a new process.
		if (known == null || (!known.handle.isAlive() && handle.isAlive())) {
			this.byPid.put(handle.pid(), new Target(handle, watch));
		}
		if (read != null) {
			this.adopted.note(read);
		}
	}

	int size() {
		return this.byPid.size();
	}

	boolean contains(ProcessInfo process) {
		Target known = this.byPid.get(process.pid());
		return known != null && known.handle.isAlive();
	}

	/**
	 * Adds the descendants of every target that still runs, from one read of the process
	 * table for all of them.
	 */
	void collectTrees() {
		List<ProcessHandle> running = new ArrayList<>();
		for (Target target : this.byPid.values()) {
			if (target.handle.isAlive()) {
				running.add(target.handle);
			}
		}
		if (running.isEmpty()) {
			return;
		}
		ProcessTable table = this.table;
		if (table.available()) {
			List<Long> pids = new ArrayList<>(running.size());
			running.forEach((handle) -> pids.add(handle.pid()));
			for (List<ProcessInfo> descendants : table.descendants(pids).values()) {
				for (ProcessInfo descendant : descendants) {
					if (descendant.state().hasEnded()) {
						this.adopted.note(descendant);
					}
					else if (!contains(descendant)) {
						this.handles.handleOf(descendant).ifPresent((handle) -> add(handle, null, descendant));
					}
				}
			}
			return;
		}
		for (ProcessHandle root : running) {
			try {
				root.descendants().forEach((handle) -> add(handle, null, null));
			}
			catch (RuntimeException ex) {
				// The tree cannot be read here: the root is still ended.
			}
		}
	}

	void signal(boolean force) {
		for (Target target : this.byPid.values()) {
			if (target.watch != null && target.watch.signal(force ? SIGKILL : SIGTERM)) {
				continue;
			}
			if (this.handles.isRunning(target.handle)) {
				if (force) {
					target.handle.destroyForcibly();
				}
				else {
					target.handle.destroy();
				}
			}
		}
	}

	boolean anyRunning() {
		for (Target target : this.byPid.values()) {
			if (this.handles.isRunning(target.handle)) {
				return true;
			}
		}
		return false;
	}

	private record Target(ProcessHandle handle, ExitWatcher.@Nullable Watch watch) {
	}

}
