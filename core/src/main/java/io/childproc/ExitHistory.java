package io.childproc;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The records of the most recently reaped children, newest first, at most
 * {@code historySize} of them.
 */
final class ExitHistory {

	private final int size;

	private final ArrayDeque<ExitRecord> records = new ArrayDeque<>();

	ExitHistory(int size) {
		this.size = size;
	}

	/** Adds records, oldest first. */
	void add(List<ExitRecord> reaped) {
		if (this.size == 0 || reaped.isEmpty()) {
			return;
		}
		synchronized (this.records) {
			for (ExitRecord record : reaped) {
				this.records.addFirst(record);
				if (this.records.size() > this.size) {
					this.records.removeLast();
				}
			}
		}
	}

	List<ExitRecord> recent() {
		synchronized (this.records) {
			return List.copyOf(this.records);
		}
	}

}
