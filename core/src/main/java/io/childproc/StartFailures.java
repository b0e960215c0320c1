package io.childproc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Counts and reports the starts that fail: each is counted once in the registry and told
 * to the listeners, with a copy of the command.
 */
final class StartFailures {

	private final ChildRegistry registry;

	private final Listeners listeners;

	StartFailures(ChildRegistry registry, Listeners listeners) {
		this.registry = registry;
		this.listeners = listeners;
	}

	/**
	 * Returns the checked copy of the builder's command; a bad one is refused, counted
	 * and reported.
	 */
	List<String> checked(@Nullable ProcessBuilder builder) throws ChildProcessStartException {
		try {
			return StartDiagnosis.validate(builder);
		}
		catch (ChildProcessStartException ex) {
			this.registry.refused();
			throw failed((builder != null) ? builder.command() : List.of(), ex);
		}
	}

	/** Counts and reports a start refused before it was admitted. */
	ChildProcessStartException refused(List<String> command, String reason) {
		this.registry.refused();
		return failed(command, StartDiagnosis.refusal(command, reason));
	}

	/** Reports a start failure already counted. */
	ChildProcessStartException failed(List<String> command, ChildProcessStartException failure) {
		this.listeners.startFailed(Collections.unmodifiableList(new ArrayList<>(command)), failure);
		return failure;
	}

}
