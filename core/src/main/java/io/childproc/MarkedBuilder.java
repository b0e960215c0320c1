package io.childproc;

import java.util.List;
import java.util.Map;

/**
 * The launcher's own copy of a caller's {@link ProcessBuilder}, with the child's marks
 * added to the copy's environment. The caller's builder is never changed, so a builder
 * can be started by several threads at once, or started again by the application without
 * the launcher's marks.
 */
final class MarkedBuilder {

	private MarkedBuilder() {
	}

	/**
	 * Copies what {@link ProcessBuilder#start()} reads: command, directory, environment,
	 * redirects and {@code redirectErrorStream}.
	 * @param caller the caller's builder, only read
	 * @param command the command, already copied and checked
	 * @param owner the value of {@value DefaultProcessLauncher#OWNER_VARIABLE}
	 * @param child the value of {@value DefaultProcessLauncher#CHILD_VARIABLE}
	 * @return a new builder
	 */
	static ProcessBuilder copyOf(ProcessBuilder caller, List<String> command, String owner, String child) {
		ProcessBuilder copy = new ProcessBuilder(command);
		copy.directory(caller.directory());
		Map<String, String> environment = copy.environment();
		environment.clear();
		environment.putAll(caller.environment());
		environment.put(DefaultProcessLauncher.OWNER_VARIABLE, owner);
		environment.put(DefaultProcessLauncher.CHILD_VARIABLE, child);
		copy.redirectInput(caller.redirectInput());
		copy.redirectOutput(caller.redirectOutput());
		copy.redirectError(caller.redirectError());
		copy.redirectErrorStream(caller.redirectErrorStream());
		return copy;
	}

}
