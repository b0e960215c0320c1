package io.childproc.os;

import java.util.List;

/**
 * One process as read from {@code /proc}.
 *
 * @param pid the process id
 * @param ppid the parent's process id
 * @param state the scheduler state
 * @param command the program and its arguments; only the short program name for a zombie,
 * whose command line is gone. Arguments can hold secrets: show them with care
 * @param startTime when the process started, in clock ticks since boot (field 22 of
 * {@code /proc/<pid>/stat}); a pid with another start time is another process
 */
public record ProcessInfo(long pid, long ppid, ProcessState state, List<String> command, long startTime) {

	public ProcessInfo {
		command = List.copyOf(command);
	}

	/**
	 * Returns the command line, arguments separated by spaces.
	 * @return the command line
	 */
	public String commandLine() {
		return String.join(" ", this.command);
	}

	/**
	 * Whether this process is a zombie: it has ended and waits for its parent to reap it.
	 * @return whether it is a zombie
	 */
	public boolean isZombie() {
		return this.state == ProcessState.ZOMBIE;
	}

	/**
	 * Whether this is the same process as another reading: same pid and same start time.
	 * @param other another reading
	 * @return whether both describe one process
	 */
	public boolean isSameProcessAs(ProcessInfo other) {
		return other != null && this.pid == other.pid && this.startTime == other.startTime;
	}

}
