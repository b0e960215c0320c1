package io.childproc.os;

import java.util.Locale;

/**
 * The two system calls that the JDK does not offer: becoming a child subreaper and
 * waiting for one given pid. {@link #system()} uses JNA ({@code net.java.dev.jna:jna}) on
 * Linux when it is on the class path, else {@link #UNAVAILABLE}.
 * <p>
 * There is deliberately no way to wait for "any child" (pid -1 or 0): it would take the
 * exit statuses of the children the JDK launched and waits for, and the JDK would then
 * report a wrong exit code for them.
 */
public interface NativeProcesses {

	/** Native calls that are not available: nothing is adopted or reaped. */
	NativeProcesses UNAVAILABLE = unavailable("native process calls are not available");

	/**
	 * Whether the calls can be made.
	 * @return whether they are available
	 */
	boolean available();

	/**
	 * Says what is missing when the calls are not available.
	 * @return what is missing and what to do, or {@code null} when available
	 */
	String unavailableReason();

	/**
	 * Makes the JVM a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER, 1)}):
	 * orphaned descendants are then reparented to the JVM instead of to PID 1.
	 * @return whether the JVM is now a subreaper
	 */
	boolean becomeChildSubreaper();

	/**
	 * Whether the JVM is a child subreaper now ({@code prctl(PR_GET_CHILD_SUBREAPER)}),
	 * whoever made it one.
	 * @return whether orphaned descendants are reparented to the JVM; {@code false} when
	 * it cannot be told
	 */
	default boolean isChildSubreaper() {
		return false;
	}

	/**
	 * Reaps one child that has ended, without blocking
	 * ({@code waitpid(pid, &status, WNOHANG)}).
	 * @param pid the child's pid; never one the JDK launched, whose exit status the JDK
	 * waits for
	 * @return {@code true} when the child was reaped now
	 */
	boolean reap(long pid);

	/**
	 * Returns the native calls of this system.
	 * @return calls through JNA on Linux when JNA is on the class path, else calls that
	 * are unavailable with the reason
	 */
	static NativeProcesses system() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (!os.contains("linux")) {
			return unavailable(
					"the operating system is " + System.getProperty("os.name") + ", and orphan reaping needs Linux");
		}
		ClassLoader loader = NativeProcesses.class.getClassLoader();
		try {
			Class.forName("com.sun.jna.Native", false, loader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return unavailable("JNA (net.java.dev.jna:jna) is not on the class path; add it (the childproc starter "
					+ "brings it) to adopt and reap orphans");
		}
		try {
			return (NativeProcesses) Class.forName("io.childproc.os.JnaNativeProcesses", true, loader)
				.getDeclaredConstructor()
				.newInstance();
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			return unavailable("JNA could not load the C library (" + ex + ")");
		}
	}

	/**
	 * Returns calls that are not available.
	 * @param reason what is missing and what to do
	 * @return the unavailable calls
	 */
	static NativeProcesses unavailable(String reason) {
		return new NativeProcesses() {

			@Override
			public boolean available() {
				return false;
			}

			@Override
			public String unavailableReason() {
				return reason;
			}

			@Override
			public boolean becomeChildSubreaper() {
				return false;
			}

			@Override
			public boolean reap(long pid) {
				return false;
			}

			@Override
			public String toString() {
				return "NativeProcesses.unavailable[" + reason + "]";
			}

		};
	}

}
