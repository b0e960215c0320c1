package io.childproc.internal.linux;

/**
 * What names one process for good: its pid and its start time (a pid can be reused, the
 * pair cannot).
 *
 * @param pid the process id
 * @param startTime the start time in clock ticks since boot
 */
public record ProcessKey(long pid, long startTime) {

	public static ProcessKey of(ProcessStat process) {
		return new ProcessKey(process.pid(), process.startTime());
	}

}
