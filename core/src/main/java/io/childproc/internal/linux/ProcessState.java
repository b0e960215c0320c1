package io.childproc.internal.linux;

/**
 * The scheduler state of a process, as the kernel reports it in {@code /proc/<pid>/stat}.
 */
public enum ProcessState {

	/** Running or runnable ({@code R}). */
	RUNNING('R'),

	/** Sleeping in an interruptible wait ({@code S}). */
	SLEEPING('S'),

	/** Waiting in uninterruptible disk sleep ({@code D}). */
	DISK_SLEEP('D'),

	/** Ended, waiting for its parent to reap it ({@code Z}). */
	ZOMBIE('Z'),

	/** Stopped by a signal ({@code T}). */
	STOPPED('T'),

	/** Stopped by a debugger ({@code t}). */
	TRACED('t'),

	/** Being removed ({@code X}). */
	DEAD('X'),

	/** An idle kernel thread ({@code I}). */
	IDLE('I'),

	/** Any other letter. */
	UNKNOWN('?');

	private final char code;

	ProcessState(char code) {
		this.code = code;
	}

	/**
	 * Returns the letter the kernel uses for this state.
	 * @return the letter
	 */
	public char code() {
		return this.code;
	}

	/**
	 * Whether a process in this state has ended: a zombie or a dead process runs no more.
	 * @return whether it has ended
	 */
	public boolean hasEnded() {
		return this == ZOMBIE || this == DEAD;
	}

	/**
	 * Returns the state of a kernel letter.
	 * @param code the letter from {@code /proc/<pid>/stat}
	 * @return the state, {@link #UNKNOWN} for a letter not listed here
	 */
	public static ProcessState of(char code) {
		for (ProcessState state : values()) {
			if (state.code == code) {
				return state;
			}
		}
		return UNKNOWN;
	}

}
