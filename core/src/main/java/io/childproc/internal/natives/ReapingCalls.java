package io.childproc.internal.natives;

import java.util.Locale;

/**
 * The two system calls that the JDK does not offer: becoming a child subreaper and
 * waiting for one given pid. {@code Natives.reapingCalls()} uses JNA
 * ({@code net.java.dev.jna:jna}) on Linux when it is on the class path, else
 * {@link #UNAVAILABLE}.
 * <p>
 * On Java 24 and later, loading JNA prints a restricted-method warning unless native
 * access is enabled ({@link NativeAccess}). There {@code Natives.reapingCalls()} loads
 * JNA only when a call needs it, so an application that is neither PID 1 nor a subreaper
 * never loads it; a feature that needs it calls {@link #requireFor(String)} at start-up.
 * On Java 17 to 23, and wherever native access is enabled, JNA is loaded at once, while
 * the JVM can still create the thread JNA starts.
 * <p>
 * There is deliberately no way to wait for "any child" (pid -1 or 0): it would take the
 * exit statuses of the children the JDK launched and waits for, and the JDK would then
 * report a wrong exit code for them.
 */
public interface ReapingCalls {

	/** Native calls that are not available: nothing is adopted or reaped. */
	ReapingCalls UNAVAILABLE = unavailable("native process calls are not available");

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
	 * Makes the calls ready for a feature that needs them, at start-up. Where JNA is
	 * loaded only on demand (Java 24 and later without native access), this loads it now
	 * and logs once per feature that the feature needs native code and which flag enables
	 * native access.
	 * @param feature what needs the calls, as a user would name it, for example "Orphan
	 * reaping as PID 1"
	 * @return whether the calls are available
	 */
	default boolean requireFor(String feature) {
		return available();
	}

	/**
	 * Returns calls that are not available.
	 * @param reason what is missing and what to do
	 * @return the unavailable calls
	 */
	static ReapingCalls unavailable(String reason) {
		return new ReapingCalls() {

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
				return "ReapingCalls.unavailable[" + reason + "]";
			}

		};
	}

}
