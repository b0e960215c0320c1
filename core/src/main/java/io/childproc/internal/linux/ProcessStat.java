package io.childproc.internal.linux;

/**
 * One process as {@code /proc/<pid>/stat} describes it: what one pass over the whole
 * process table reads, without the command line or the environment.
 *
 * @param pid the process id
 * @param comm the kernel's short name of the process (at most 15 bytes); a program can
 * set it to any text, arguments included
 * @param state the scheduler state
 * @param ppid the parent's process id
 * @param startTime when the process started, in clock ticks since boot; a pid with
 * another start time is another process
 * @param cpuTicks the CPU time it used (user and system), in clock ticks
 * @param argStart where its command line starts in its memory ({@code arg_start}), 0 when
 * unknown (an ended process, another user's, a kernel older than 3.5): an {@code exec}
 * moves it
 * @param argEnd where its command line ends in its memory ({@code arg_end}), 0 when
 * unknown
 */
public record ProcessStat(long pid, String comm, ProcessState state, long ppid, long startTime, long cpuTicks,
		long argStart, long argEnd) {

	/**
	 * A process whose command line's place in memory is unknown.
	 * @param pid the process id
	 * @param comm the short name
	 * @param state the scheduler state
	 * @param ppid the parent's process id
	 * @param startTime the start time in clock ticks since boot
	 * @param cpuTicks the CPU time used, in clock ticks
	 */
	public ProcessStat(long pid, String comm, ProcessState state, long ppid, long startTime, long cpuTicks) {
		this(pid, comm, state, ppid, startTime, cpuTicks, 0, 0);
	}

	/**
	 * Whether this reading shows the same program as an earlier reading of the same
	 * process, with the same command line: same short name and the command line at the
	 * same place in memory. An {@code exec} changes the short name or, with address
	 * randomisation, the place; a zombie shows neither, so it never runs the same program
	 * as it did while it ran.
	 * @param earlier the earlier reading
	 * @return whether the earlier reading's command line and program still hold
	 */
	public boolean runsSameProgramAs(ProcessStat earlier) {
		return isSameProcessAs(earlier.pid, earlier.startTime) && this.comm.equals(earlier.comm)
				&& this.argStart == earlier.argStart && this.argEnd == earlier.argEnd && this.argEnd != 0;
	}

	/**
	 * Whether this is the same process as another reading: same pid and same start time.
	 * @param pid the other reading's pid
	 * @param startTime the other reading's start time
	 * @return whether both describe one process
	 */
	public boolean isSameProcessAs(long pid, long startTime) {
		return this.pid == pid && this.startTime == startTime;
	}

}
