package io.childproc.internal.linux;

import java.time.Duration;
import java.util.List;

/**
 * One process as read from {@code /proc}.
 *
 * @param pid the process id
 * @param ppid the parent's process id
 * @param state the scheduler state
 * @param command the program and its arguments ({@code /proc/<pid>/cmdline}); only the
 * kernel's short name for a zombie, whose command line is gone. A program can rewrite all
 * of it, its first element included: arguments, and text posing as the program, can hold
 * secrets, show them with care
 * @param startTime when the process started, in clock ticks since boot (field 22 of
 * {@code /proc/<pid>/stat}); a pid with another start time is another process
 * @param executable the path of the program file the process runs
 * ({@code /proc/<pid>/exe}), or {@code null} when it cannot be read (a zombie, another
 * user's process); unlike {@code command}, the process cannot choose it
 * @param cpuTime the CPU time it used so far (user and system), or {@code null} when
 * unknown
 */
public record ProcessInfo(long pid, long ppid, ProcessState state, List<String> command, long startTime,
		String executable, Duration cpuTime) {

	/** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
	static final long TICKS_PER_SECOND = 100;

	public ProcessInfo {
		command = List.copyOf(command);
	}

	/**
	 * Creates a reading without the program file and the CPU time.
	 * @param pid the process id
	 * @param ppid the parent's process id
	 * @param state the scheduler state
	 * @param command the program and its arguments
	 * @param startTime when the process started, in clock ticks since boot
	 */
	public ProcessInfo(long pid, long ppid, ProcessState state, List<String> command, long startTime) {
		this(pid, ppid, state, command, startTime, null, null);
	}

	/**
	 * Creates the reading of a process from its {@code stat} line alone: its command is
	 * its short name.
	 * @param stat the {@code stat} line
	 * @return the reading
	 */
	public static ProcessInfo of(ProcessStat stat) {
		return of(stat, List.of(stat.comm()), null);
	}

	public static ProcessInfo of(ProcessStat stat, List<String> command, String executable) {
		return new ProcessInfo(stat.pid(), stat.ppid(), stat.state(), command, stat.startTime(), executable,
				Duration.ofMillis(stat.cpuTicks() * 1000 / TICKS_PER_SECOND));
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
