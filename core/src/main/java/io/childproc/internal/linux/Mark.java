package io.childproc.internal.linux;

/**
 * The environment variables that mark every child a launcher starts, so that its
 * descendants can be recognised after they left the process tree.
 */
public final class Mark {

	/** The variable naming the launcher instance. */
	public static final String OWNER_VARIABLE = "CHILDPROC_OWNER";

	/** The variable naming the child, unique within its launcher. */
	public static final String CHILD_VARIABLE = "CHILDPROC_CHILD";

	/**
	 * The variable naming the application, the same for every run and every instance of
	 * it: what a later run recognises as its own.
	 */
	public static final String APPLICATION_VARIABLE = "CHILDPROC_APPLICATION";

	/** The variable naming the JVM that started the child ({@link JvmMark}). */
	public static final String JVM_VARIABLE = "CHILDPROC_JVM";

	private static final long KTHREADD = 2;

	private Mark() {
	}

	/**
	 * Whether a process can carry a mark set by this JVM: not the JVM, not a kernel
	 * thread, still running, and started no earlier than the JVM.
	 * @param process the process
	 * @param self the JVM's pid
	 * @param selfStart the JVM's start time
	 * @return whether its environment is worth reading
	 */
	public static boolean mayCarry(ProcessStat process, long self, long selfStart) {
		return process.pid() != self && process.pid() != KTHREADD && process.ppid() != KTHREADD
				&& !process.state().hasEnded() && process.startTime() >= selfStart;
	}

}
