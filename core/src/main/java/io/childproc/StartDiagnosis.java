package io.childproc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks a command before it is started, and turns the JDK's "error=2" into what was
 * wrong and what to do when a start fails.
 */
final class StartDiagnosis {

	/**
	 * The errno in the JDK's message about a failed spawn, as JDK 17 and JDK 25 write it.
	 */
	private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)");

	private StartDiagnosis() {
	}

	/**
	 * Returns a copy of the builder's command, checked: not empty, no null element, no
	 * NUL character (no file name, argument or path can hold one), a program that is not
	 * blank.
	 * @param builder the caller's builder, or {@code null}
	 * @return the command, copied once so that later changes to the builder change
	 * nothing
	 * @throws ChildProcessStartException saying what was wrong
	 */
	static List<String> validate(@Nullable ProcessBuilder builder) throws ChildProcessStartException {
		if (builder == null) {
			throw refusal(List.of(), "the ProcessBuilder is null; give one with the program and its arguments");
		}
		List<String> command = new ArrayList<>(builder.command());
		if (command.isEmpty()) {
			throw refusal(command, "the command is empty; give the program and its arguments");
		}
		for (int i = 0; i < command.size(); i++) {
			if (command.get(i) == null) {
				throw refusal(command, ((i == 0) ? "the program (element 0 of the command) is null"
						: "element " + i + " of the command is null") + "; remove it or give a value");
			}
		}
		for (int i = 0; i < command.size(); i++) {
			if (command.get(i).indexOf('\0') >= 0) {
				throw refusal(command,
						((i == 0) ? "the program (element 0 of the command)" : "element " + i + " of the command")
								+ " holds a NUL character (\\0), which no program or argument can "
								+ "hold; remove it");
			}
		}
		File directory = builder.directory();
		if (directory != null && directory.getPath().indexOf('\0') >= 0) {
			throw refusal(command, "the working directory " + visible(directory.getPath())
					+ " holds a NUL character (\\0), which no path can hold; remove it");
		}
		if (command.get(0).isBlank()) {
			throw refusal(command, "the program (element 0 of the command) is blank; give its name or path");
		}
		return command;
	}

	/**
	 * Returns a refusal of a start that names the program, or "a child process" when
	 * there is none.
	 */
	static ChildProcessStartException refusal(List<String> command, String reason) {
		String what = command.isEmpty() ? "a child process" : program(command);
		return new ChildProcessStartException("Cannot start " + what + ": " + reason);
	}

	/**
	 * Returns the program as messages show it: {@code [/bin/sleep]}.
	 */
	static String program(List<String> command) {
		return "[" + (command.isEmpty() ? "" : visible(command.get(0))) + "]";
	}

	/**
	 * Shows a NUL character as {@code \0}, so that a message never carries one.
	 */
	private static String visible(@Nullable String text) {
		return String.valueOf(text).replace("\0", "\\0");
	}

	/**
	 * Returns the file name of a program: {@code sleep} for {@code /bin/sleep/}.
	 */
	static String programName(String program) {
		String trimmed = program;
		while (trimmed.length() > 1 && trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		int slash = trimmed.lastIndexOf('/');
		return (slash >= 0 && slash < trimmed.length() - 1) ? trimmed.substring(slash + 1) : trimmed;
	}

	/**
	 * Says why a start failed.
	 * @param builder the builder that was started
	 * @param command its command
	 * @param failure what the JDK threw
	 * @return a start exception that says what was wrong and what to do
	 */
	static ChildProcessStartException diagnose(ProcessBuilder builder, List<String> command, Exception failure) {
		String program = command.get(0);
		String prefix = "Cannot start " + program(command) + ": ";
		File directory = builder.directory();
		if (directory != null && !directory.isDirectory()) {
			return new ChildProcessStartException(prefix + "the working directory " + directory
					+ " does not exist or is not a directory; create it or give another to ProcessBuilder.directory()",
					failure);
		}
		String problem;
		try {
			problem = (program.indexOf('/') >= 0) ? problemWithPath(program, directory)
					: problemInSearchPath(program, builder.environment().get("PATH"));
		}
		catch (InvalidPathException ex) {
			// Whatever the checks above let through, the diagnosis never fails itself.
			problem = "the program " + visible(program) + " is not a valid path (" + visible(ex.getReason())
					+ "); check its name";
		}
		if (problem != null) {
			return new ChildProcessStartException(prefix + problem, failure);
		}
		String message = String.valueOf(failure.getMessage());
		// JDK 17 says "error=11, Resource temporarily unavailable"; JDK 25 may say
		// "posix_spawn failed, error: 11 (Resource temporarily unavailable)".
		Matcher errno = ERRNO.matcher(message);
		int code = errno.find() ? Integer.parseInt(errno.group(1)) : -1;
		// JDK 25 follows it with lines of possible reasons: keep the errno's own line.
		String detail = (code < 0) ? message : message.substring(errno.start()).lines().findFirst().orElse("").strip();
		if (code == 24) {
			return new ChildProcessStartException(prefix + "the JVM has too many open files (" + detail
					+ "): each child with piped streams holds three "
					+ "descriptors until it exits; raise the limit (ulimit -n), or redirect the child's streams "
					+ "(Redirect.DISCARD, INHERIT or a file)", failure);
		}
		if (code == 11 || code == 12) {
			return new ChildProcessStartException(
					prefix + "the operating system refused a new process (" + detail
							+ "): a process limit is reached (ulimit -u, "
							+ "the cgroup's pids.max) or memory is short; end other processes or raise the limit",
					failure);
		}
		return new ChildProcessStartException(prefix + message, failure);
	}

	private static @Nullable String problemWithPath(String program, @Nullable File directory) {
		Path path = Path.of(program);
		if (!path.isAbsolute() && directory != null) {
			path = directory.toPath().resolve(path);
		}
		return problemWith(path);
	}

	private static @Nullable String problemInSearchPath(String program, @Nullable String builderPath) {
		String searchPath = (builderPath != null) ? builderPath : System.getenv("PATH");
		Path found = null;
		String problem = null;
		for (String entry : (searchPath != null) ? searchPath.split(File.pathSeparator) : new String[0]) {
			if (entry.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(entry, program);
			if (Files.exists(candidate)) {
				found = candidate;
				problem = problemWith(candidate);
				if (problem == null) {
					break;
				}
			}
		}
		if (found == null) {
			return "no such program in PATH (" + searchPath + "); install it, or give its absolute path";
		}
		return problem;
	}

	private static @Nullable String problemWith(Path path) {
		if (!Files.exists(path)) {
			return "no such file " + path + "; check the path";
		}
		if (Files.isDirectory(path)) {
			return path + " is a directory, not a program";
		}
		if (!Files.isExecutable(path)) {
			return path + " is not executable; make it executable (chmod +x) or run it through its interpreter";
		}
		return null;
	}

}
