package io.childproc;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The listeners of a launcher, each call isolated: whatever a listener throws is logged
 * once, with the event and the child, and the other listeners are still called. A
 * {@link VirtualMachineError} is rethrown once every listener has been called (or, for
 * the events of a child, handed back to be rethrown when the caller may); callers call
 * these methods only once the launcher's own state is consistent and waiters are
 * completed.
 */
final class Listeners {

	private static final System.Logger logger = System.getLogger(Listeners.class.getName());

	private final List<ChildProcessListener> listeners = new CopyOnWriteArrayList<>();

	void add(ChildProcessListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	void remove(ChildProcessListener listener) {
		this.listeners.remove(listener);
	}

	boolean isEmpty() {
		return this.listeners.isEmpty();
	}

	/**
	 * Tells the listeners of a start; the next three methods are called by
	 * {@link ChildEvents} alone, so that each child's events come in order.
	 * @return the first {@link VirtualMachineError} a listener threw, for the caller to
	 * rethrow when it may (once the child is watched), or {@code null}
	 */
	@Nullable VirtualMachineError started(ChildProcess child) {
		return fire("started", child, (listener) -> listener.started(child));
	}

	@Nullable VirtualMachineError exited(ChildProcess child) {
		return fire("exited", child, (listener) -> listener.exited(child));
	}

	@Nullable VirtualMachineError reaped(ExitRecord record) {
		// The record is described only for a listener that fails: a record's own text
		// would show the command, which can hold secrets.
		return fire("reaped", record, (listener) -> listener.reaped(record));
	}

	void startFailed(List<String> command, Throwable failure) {
		// Only the program: arguments can hold secrets.
		String program = command.isEmpty() ? "a child process" : "[" + command.get(0) + "]";
		rethrow(fire("startFailed", program, (listener) -> listener.startFailed(command, failure)));
	}

	private @Nullable VirtualMachineError fire(String event, Object subject, Consumer<ChildProcessListener> call) {
		VirtualMachineError fatal = null;
		for (ChildProcessListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (Throwable ex) {
				log(listener, event, subject, ex);
				if (ex instanceof VirtualMachineError error && fatal == null) {
					fatal = error;
				}
			}
		}
		return fatal;
	}

	private static void log(ChildProcessListener listener, String event, Object subject, Throwable failure) {
		try {
			logger.log(Level.WARNING, "Listener " + listener + " failed in " + event + "("
					+ ((subject instanceof ExitRecord record) ? describe(record) : subject) + "); the launcher goes on",
					failure);
		}
		catch (Throwable ex) {
			// Logging itself failed (out of memory, say): nothing better to do.
		}
	}

	private static String describe(ExitRecord record) {
		return "ExitRecord[pid=" + record.pid() + ", name=" + record.name() + "]";
	}

	static void rethrow(@Nullable VirtualMachineError fatal) {
		if (fatal != null) {
			throw fatal;
		}
	}

}
