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
 */
public record ProcessStat(long pid, String comm, ProcessState state, long ppid, long startTime, long cpuTicks) {

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
