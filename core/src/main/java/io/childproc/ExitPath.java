package io.childproc;

import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * The one path every exit takes, whoever saw it first: the exit watcher (the fast path),
 * or a caller that asked the JDK through {@link ChildProcess#process()}, a query
 * ({@code state()}, {@code counts()}) or a start at the {@code maxLive} limit. In this
 * order: record the exit, reap it when {@code reapOnExit}, complete {@code onExit()},
 * then tell the listeners on a callback thread. Recording is idempotent: only the first
 * caller goes on. Cheap and non-blocking, as it may run on the watcher's thread.
 */
final class ExitPath {

	private final ChildRegistry registry;

	private final Listeners listeners;

	private final boolean reapOnExit;

	private final Executor callbacks;

	ExitPath(ChildRegistry registry, Listeners listeners, boolean reapOnExit, Executor callbacks) {
		this.registry = registry;
		this.listeners = listeners;
		this.reapOnExit = reapOnExit;
		this.callbacks = callbacks;
	}

	/**
	 * Takes a child's exit down the path, unless it was already taken.
	 */
	void exited(TrackedChild child) {
		if (!this.registry.exited(child, child.readExitCode())) {
			return;
		}
		child.cancelTimeout();
		// Before anyone hears of the exit: every byte the pipes still hold is logged or
		// captured (a grandchild that keeps a pipe open is drained on afterwards).
		child.drainOutputAtExit();
		List<TrackedChild> reaped = this.reapOnExit ? this.registry.reap() : List.of();
		child.completeExit();
		if (!this.listeners.isEmpty()) {
			// Listeners are the application's code: never on the thread that watches
			// every child's exit, where a slow one would delay all other exits.
			this.callbacks.execute(() -> {
				VirtualMachineError fatal = child.events().deliver(child, this.listeners);
				fatal = deliver(reaped, fatal);
				Listeners.rethrow(fatal);
			});
		}
	}

	/**
	 * Records the exits the JDK already knows of among the given children.
	 */
	void exitedAlready(List<TrackedChild> children) {
		for (TrackedChild child : children) {
			exited(child);
		}
	}

	/**
	 * Reaps every exited child and tells the listeners, on this thread unless another is
	 * still telling them of that child's exit (it then tells of the reap right after).
	 * @return how many were reaped
	 */
	int reap() {
		List<TrackedChild> reaped = this.registry.reap();
		Listeners.rethrow(deliver(reaped, null));
		return reaped.size();
	}

	private @Nullable VirtualMachineError deliver(List<TrackedChild> children, @Nullable VirtualMachineError fatal) {
		VirtualMachineError first = fatal;
		for (TrackedChild child : children) {
			VirtualMachineError error = child.events().deliver(child, this.listeners);
			first = (first != null) ? first : error;
		}
		return first;
	}

}
