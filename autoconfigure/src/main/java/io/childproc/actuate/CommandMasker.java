package io.childproc.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.childproc.internal.linux.ProcessInfo;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;

/**
 * Masks command lines for the {@link ChildrenEndpoint}. While values are hidden
 * ({@code show-values=never}, the default), no text that a process or its parent chose is
 * shown, except a program known to be one:
 * <ul>
 * <li>the first element of a command the launcher started (the program the JDK executed):
 * {@link #launched(List)};</li>
 * <li>for a process read from the operating system, the program file it runs
 * ({@code /proc/<pid>/exe}), never its {@code argv[0]}, which a program can rewrite
 * ({@code exec -a}, {@code $0=} in Perl, setproctitle): {@link #process(ProcessInfo)};
 * </li>
 * <li>for a zombie, whose program file is gone, its kernel short name only when it looks
 * like a program name (letters, digits, {@code . _ + -}, no space, no {@code =}), else
 * masked: the program may have set it to anything, arguments included:
 * {@link #shortName(String)}.</li>
 * </ul>
 * Everything else is {@value #MASK}. When values are shown, every element passes through
 * the application's {@code SanitizingFunction}s under the key {@code command[i]}.
 */
public final class CommandMasker implements UnaryOperator<List<String>> {

	/** What a hidden value is shown as. */
	public static final String MASK = "******";

	private static final Pattern PROGRAM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]*");

	private final Sanitizer sanitizer;

	private final boolean show;

	CommandMasker(Sanitizer sanitizer, boolean show) {
		this.sanitizer = sanitizer;
		this.show = show;
	}

	/**
	 * Whether values are shown to the caller.
	 * @return whether arguments are shown
	 */
	public boolean showsValues() {
		return this.show;
	}

	/**
	 * Masks a command whose first element is not known to be a program: every element is
	 * masked while values are hidden.
	 * @param command the command
	 * @return the masked command
	 */
	@Override
	public List<String> apply(List<String> command) {
		return mask(command, null);
	}

	/**
	 * Masks a command the launcher started: its first element, the program the JDK
	 * executed, is shown.
	 * @param command the command
	 * @return the program and masked arguments
	 */
	public List<String> launched(List<String> command) {
		return mask(command, command.isEmpty() ? null : command.get(0));
	}

	/**
	 * Masks the command of a process read from the operating system: while values are
	 * hidden, the program is its program file, and a process that has ended shows only
	 * {@link #shortName(String) a safe short name}.
	 * @param process the process
	 * @return the program and masked arguments
	 */
	public List<String> process(ProcessInfo process) {
		if (this.show) {
			return mask(process.command(), null);
		}
		if (process.state().hasEnded()) {
			return List.of(program(process));
		}
		return mask(process.command(), (process.executable() != null) ? process.executable() : MASK);
	}

	/**
	 * Returns what to show as the program of a process: its program file while values are
	 * hidden, else its command's first element.
	 * @param process the process
	 * @return the program
	 */
	public String program(ProcessInfo process) {
		if (this.show) {
			return sanitize(0, process.command().isEmpty() ? "" : process.command().get(0));
		}
		if (process.executable() != null) {
			return process.executable();
		}
		return shortName(process.command().isEmpty() ? "" : process.command().get(0));
	}

	/**
	 * Masks the kernel's short name of a process ({@code comm}, at most 15 bytes): while
	 * values are hidden, it is shown only when it looks like a program name.
	 * @param name the short name
	 * @return the name, or {@value #MASK}
	 */
	public String shortName(String name) {
		if (this.show) {
			return sanitize(0, name);
		}
		return PROGRAM_NAME.matcher(name).matches() ? name : MASK;
	}

	private List<String> mask(List<String> command, String program) {
		List<String> masked = new ArrayList<>(command.size());
		for (int i = 0; i < command.size(); i++) {
			if (i == 0 && program != null && !this.show) {
				masked.add(program);
			}
			else {
				masked.add(sanitize(i, command.get(i)));
			}
		}
		return masked;
	}

	private String sanitize(int index, String value) {
		return String
			.valueOf(this.sanitizer.sanitize(new SanitizableData(null, "command[" + index + "]", value), this.show));
	}

}
