package io.childproc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import org.jspecify.annotations.Nullable;

/**
 * Finds the processes that carry one launcher's owner mark in their environment: its
 * children and the descendants that inherited the mark, wherever they went.
 */
record MarkSearch(ProcessTable table, String ownerId) {

	/**
	 * Returns every process carrying the owner mark, with its child number.
	 */
	List<MarkedProcess> all() {
		return this.table.findByEnvironment(Mark.OWNER_VARIABLE, this.ownerId, Mark.CHILD_VARIABLE);
	}

	/**
	 * Starts a search that a termination repeats: each repetition returns the processes
	 * carrying the owner mark and, unless {@code null}, the given child's number, and
	 * reads the environment only of processes it has not read before.
	 */
	Supplier<List<ProcessInfo>> search(@Nullable String mark) {
		ProcessTable.MarkLookup search = this.table.markSearch(Mark.OWNER_VARIABLE, this.ownerId, Mark.CHILD_VARIABLE);
		return () -> select(search.find(), mark);
	}

	/**
	 * Returns the processes carrying the owner mark and, unless {@code null}, the given
	 * child's number.
	 */
	List<ProcessInfo> of(@Nullable String mark) {
		return select(all(), mark);
	}

	private static List<ProcessInfo> select(List<MarkedProcess> all, @Nullable String mark) {
		List<ProcessInfo> found = new ArrayList<>();
		for (MarkedProcess marked : all) {
			if (mark == null || mark.equals(marked.mark())) {
				found.add(marked.process());
			}
		}
		return found;
	}

}
