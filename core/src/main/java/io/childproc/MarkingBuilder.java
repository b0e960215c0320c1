package io.childproc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.childproc.internal.linux.JvmMark;
import io.childproc.internal.linux.Mark;
import org.jspecify.annotations.Nullable;

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
	 * @param application the value of {@value Mark#APPLICATION_VARIABLE}, or {@code null}
	 * to mark no application (then no {@value Mark#JVM_VARIABLE} either)
	 * @return a new builder
	 */
	static ProcessBuilder copyOf(ProcessBuilder caller, List<String> command, String owner, String child,
			@Nullable String application) {
		ProcessBuilder copy = new ProcessBuilder(command);
		copy.directory(caller.directory());
		Map<String, String> callerEnvironment = caller.environment();
		// The copy starts with the JVM's environment, which is what most callers keep:
		// then comparing costs less than a second copy.
		Map<String, String> environment = copy.environment();
		if (!environment.equals(callerEnvironment)) {
			environment.clear();
			environment.putAll(callerEnvironment);
		}
		environment.put(Mark.OWNER_VARIABLE, owner);
		environment.put(Mark.CHILD_VARIABLE, child);
		// A caller's stale marks (a child of a marked process) must not survive.
		environment.remove(Mark.APPLICATION_VARIABLE);
		environment.remove(Mark.JVM_VARIABLE);
		Optional<JvmMark> jvm = JvmMark.current();
		if (application != null && jvm.isPresent()) {
			environment.put(Mark.APPLICATION_VARIABLE, application);
			environment.put(Mark.JVM_VARIABLE, jvm.get().value());
		}
		copy.redirectInput(caller.redirectInput());
		copy.redirectOutput(caller.redirectOutput());
		copy.redirectError(caller.redirectError());
		copy.redirectErrorStream(caller.redirectErrorStream());
		return copy;
	}

}
