package io.childproc;

import java.util.List;
import java.util.Map;

import io.childproc.internal.linux.Mark;

/**
 * The launcher's own copy of a caller's {@link ProcessBuilder}, with the child's marks
 * added to the copy's environment. The caller's builder is never changed, so a builder
 * can be started by several threads at once, or started again by the application without
 * the launcher's marks.
 */
final class MarkingBuilder {

	private MarkingBuilder() {
	}

	/**
	 * Copies what {@link ProcessBuilder#start()} reads: command, directory, environment,
	 * redirects and {@code redirectErrorStream}.
	 * @param caller the caller's builder, only read
	 * @param command the command, already copied and checked
	 * @param owner the value of {@value Mark#OWNER_VARIABLE}
	 * @param child the value of {@value Mark#CHILD_VARIABLE}
	 * @return a new builder
	 */
	static ProcessBuilder copyOf(ProcessBuilder caller, List<String> command, String owner, String child) {
		ProcessBuilder copy = new ProcessBuilder(command);
		copy.directory(caller.directory());
		Map<String, String> environment = copy.environment();
		environment.clear();
		environment.putAll(caller.environment());
		environment.put(Mark.OWNER_VARIABLE, owner);
		environment.put(Mark.CHILD_VARIABLE, child);
		copy.redirectInput(caller.redirectInput());
		copy.redirectOutput(caller.redirectOutput());
		copy.redirectError(caller.redirectError());
		copy.redirectErrorStream(caller.redirectErrorStream());
		return copy;
	}

}
