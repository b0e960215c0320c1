package io.childproc;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The listener events of one child, delivered in the order they happened (started,
 * exited, reaped), one at a time, whichever threads saw them. Each event is queued where
 * the launcher records it (under the registry's lock), then delivered outside any lock by
 * the first thread that asks; a thread that finds another delivering leaves its events to
 * that one, which delivers everything it finds before it stops.
 */
final class ChildEvents {

	private static final Object STARTED = "started";

	private static final Object EXITED = "exited";

	// Guarded by this.
	private final ArrayDeque<Object> queue = new ArrayDeque<>(3);

	private @Nullable Thread deliverer;

	private boolean delivering;

	/**
	 * Queues the start; the thread that starts the child delivers it (and nothing is
	 * delivered before it).
	 */
	ChildEvents() {
		this.queue.add(STARTED);
		this.deliverer = Thread.currentThread();
	}

	synchronized void exited() {
		this.queue.add(EXITED);
	}

	synchronized void reaped(ExitRecord record) {
		this.queue.add(record);
	}

	/**
	 * Delivers the events queued so far on this thread, unless another thread is
	 * delivering this child's events (it then delivers them) or this thread is already
	 * delivering them (a listener reaping, say: they follow the current event).
	 * @return the first {@link VirtualMachineError} a listener threw, for the caller to
	 * rethrow when it may, or {@code null}
	 */
	@Nullable VirtualMachineError deliver(ChildProcess child, Listeners listeners) {
		Thread current = Thread.currentThread();
		synchronized (this) {
			if ((this.deliverer != null && this.deliverer != current) || this.delivering) {
				return null;
			}
			this.deliverer = current;
			this.delivering = true;
		}
		VirtualMachineError fatal = null;
		boolean done = false;
		try {
			while (true) {
				Object event;
				synchronized (this) {
					event = this.queue.poll();
					if (event == null) {
						// Stops under the same lock that queues: an event queued after
						// this finds no deliverer and is delivered by whoever asks next.
						release();
						done = true;
						return fatal;
					}
				}
				VirtualMachineError error = fire(event, child, listeners);
				fatal = (fatal != null) ? fatal : error;
			}
		}
		finally {
			if (!done) {
				synchronized (this) {
					release();
				}
			}
		}
	}

	private void release() {
		this.deliverer = null;
		this.delivering = false;
	}

	private static @Nullable VirtualMachineError fire(Object event, ChildProcess child, Listeners listeners) {
		if (event == STARTED) {
			return listeners.started(child);
		}
		if (event == EXITED) {
			return listeners.exited(child);
		}
		return listeners.reaped((ExitRecord) event);
	}

}
