package io.childproc.internal.natives;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Picks the native calls of this system, once per caller: the one place that knows the
 * JNA implementations, so that the interfaces above them name none.
 */
public final class Natives {

	private Natives() {
	}

	/**
	 * Returns the native calls of this system: JNA loaded now on Java 17 to 23 or where
	 * native access is enabled, JNA loaded on the first call that needs it on Java 24 and
	 * later without native access.
	 * @return calls through JNA on Linux when JNA is on the class path, else calls that
	 * are unavailable with the reason
	 */
	public static ReapingCalls reapingCalls() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (!os.contains("linux")) {
			return ReapingCalls.unavailable(
					"the operating system is " + System.getProperty("os.name") + ", and orphan reaping needs Linux");
		}
		if (!NativeAccess.jnaPresent()) {
			return ReapingCalls
				.unavailable("JNA (net.java.dev.jna:jna) is not on the class path; add it (the childproc starter "
						+ "brings it) to adopt and reap orphans");
		}
		if (!NativeAccess.enabled()) {
			return LazyReapingCalls.onDemand();
		}
		try {
			return LazyReapingCalls.loadJna();
		}
		catch (VirtualMachineError ex) {
			return ReapingCalls.unavailable("JNA could not be loaded (" + ex + ")");
		}
	}

	/**
	 * Binds the calls through JNA. Call only once JNA is known to be present and native
	 * access welcome ({@link NativeAccess#enabled()}).
	 * @return the calls
	 * @throws IllegalStateException when the C library cannot be bound
	 */
	public static PidfdCalls pidfdCalls() {
		try {
			return JnaBound.create(PidfdCalls.class, "JnaPidfdCalls");
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			throw new IllegalStateException("JNA could not bind the C library (" + ex + ")", ex);
		}
	}

	/**
	 * Returns the directory calls through JNA where they can be made without a warning:
	 * on 64-bit Linux with JNA present and native access welcome
	 * ({@link NativeAccess#enabled()}).
	 * @return the calls, or {@code null} where the caller should read directories through
	 * Java's file API
	 */
	public static @Nullable DirectoryCalls directoryCalls() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (!os.contains("linux") || !NativeAccess.enabled()) {
			return null;
		}
		try {
			return JnaBound.create(DirectoryCalls.class, "JnaDirectoryCalls");
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			return null;
		}
	}

}
