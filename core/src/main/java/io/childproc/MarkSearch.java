package io.childproc;

import java.util.ArrayList;
import java.util.List;

import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import org.jspecify.annotations.Nullable;

/**
 * Finds the processes that carry one launcher's owner mark in their environment: its
 * children and the descendants that inherited the mark, wherever they went.
 */
final class MarkSearch {

	private final ProcessTable table;

	private final String ownerId;

	MarkSearch(ProcessTable table, String ownerId) {
		this.table = table;
		this.ownerId = ownerId;
	}

	/**
	 * Returns every process carrying the owner mark, with its child number.
	 */
	List<MarkedProcess> all() {
		return this.table.findByEnvironment(Mark.OWNER_VARIABLE, this.ownerId, Mark.CHILD_VARIABLE);
	}

	/**
	 * Returns the processes carrying the owner mark and, unless {@code null}, the given
	 * child's number.
	 */
	List<ProcessInfo> of(@Nullable String mark) {
		List<ProcessInfo> found = new ArrayList<>();
		for (MarkedProcess marked : all()) {
			if (mark == null || mark.equals(marked.mark())) {
				found.add(marked.process());
			}
		}
		return found;
	}

}
