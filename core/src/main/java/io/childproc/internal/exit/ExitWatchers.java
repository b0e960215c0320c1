package io.childproc.internal.exit;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import io.childproc.internal.natives.NativeAccess;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.PidfdCalls.CallFailedException;
import io.childproc.internal.natives.PidfdCalls;

/**
 * Picks the {@link ExitWatcher} a launcher uses, once, and logs one line saying which and
 * why. {@link Mode#AUTO} takes the {@code pidfd} watcher where it works (Linux 5.3 and
 * later, 64-bit, JNA present and native access welcome as {@link NativeAccess} says, and
 * {@code pidfd_open} allowed by the kernel and any seccomp profile) and the {@code jdk}
 * watcher elsewhere; {@link Mode#PIDFD} fails where the pidfd watcher cannot work;
 * {@link Mode#JDK} always takes the {@code jdk} watcher.
 */
public final class ExitWatchers {

	/**
	 * The system property that sets the default mode ({@code auto}, {@code pidfd} or
	 * {@code jdk}).
	 */
	public static final String MODE_PROPERTY = "childproc.exit-watcher";

	private static final System.Logger logger = System.getLogger(ExitWatchers.class.getName());

	private ExitWatchers() {
	}

	/**
	 * Picks the watcher for the mode the system property {@value #MODE_PROPERTY} names
	 * ({@code auto} when it is not set), and logs which runs and why: the default of
	 * {@code LauncherSettings}.
	 * @return the watcher
	 * @throws IllegalStateException when the mode is {@code pidfd} and the pidfd watcher
	 * cannot work here
	 * @throws IllegalArgumentException when the property names no mode
	 */
	public static ExitWatcher fromSystemProperty() {
		return select(Mode.fromSystemProperty()).watcher();
	}

	/**
	 * Returns what makes the watcher of a mode, for
	 * {@code LauncherSettings.withExitWatcher}: it picks once per launcher.
	 * @param mode which watcher is wanted
	 * @return the maker of the watcher
	 */
	public static Supplier<ExitWatcher> of(Mode mode) {
		Objects.requireNonNull(mode, "mode");
		return () -> select(mode).watcher();
	}

	/**
	 * Picks the watcher for a mode and logs which runs and why.
	 * @param mode which watcher is wanted
	 * @return the watcher and the reason it was picked
	 * @throws IllegalStateException when the mode is {@link Mode#PIDFD} and the pidfd
	 * watcher cannot work here; the message says why and what to do
	 */
	public static Selection select(Mode mode) {
		return select(mode, JdkExitWatcher::new);
	}

	/**
	 * Picks the watcher for a mode and logs which runs and why.
	 * @param mode which watcher is wanted
	 * @param jdk makes the {@code jdk} watcher
	 * @return the watcher and the reason it was picked
	 * @throws IllegalStateException when the mode is {@link Mode#PIDFD} and the pidfd
	 * watcher cannot work here; the message says why and what to do
	 */
	public static Selection select(Mode mode, Supplier<ExitWatcher> jdk) {
		return select(mode, jdk, ExitWatchers::systemCalls);
	}

	static Selection select(Mode mode, Supplier<ExitWatcher> jdk, Supplier<PidfdCalls> calls) {
		Selection selection = choose(mode, jdk, calls);
		logger.log(Level.INFO,
				"Child exits are watched by the " + selection.watcher().name() + " watcher: " + selection.reason());
		return selection;
	}

	private static Selection choose(Mode mode, Supplier<ExitWatcher> jdk, Supplier<PidfdCalls> calls) {
		if (mode == Mode.JDK) {
			return new Selection(jdk.get(), "the exit-watcher setting is jdk");
		}
		String unavailable;
		try {
			ExitWatcher pidfd = openPidfdWatcher(calls);
			return new Selection(pidfd, (mode == Mode.PIDFD) ? "the exit-watcher setting is pidfd"
					: "pidfd_open works here (Linux " + System.getProperty("os.version") + ")");
		}
		catch (Unavailable ex) {
			unavailable = ex.getMessage();
		}
		if (mode == Mode.PIDFD) {
			throw new IllegalStateException("The exit-watcher setting is pidfd, but " + unavailable
					+ "; set it to auto (which then uses the jdk watcher) or to jdk");
		}
		return new Selection(jdk.get(), "the pidfd watcher cannot work here, as " + unavailable);
	}

	private static ExitWatcher openPidfdWatcher(Supplier<PidfdCalls> supplier) {
		PidfdCalls calls = supplier.get();
		try {
			int self = calls.pidfdOpen(ProcessHandle.current().pid());
			calls.close(self);
		}
		catch (CallFailedException ex) {
			throw new Unavailable(ex.getMessage() + explain(ex.errno()));
		}
		try {
			return new PidfdExitWatcher(calls);
		}
		catch (CallFailedException ex) {
			throw new Unavailable(ex.getMessage());
		}
	}

	private static String explain(int errno) {
		return switch (errno) {
			case PidfdCalls.ENOSYS -> " (the kernel is older than 5.3, or a seccomp profile hides the call)";
			case PidfdCalls.EPERM -> " (a seccomp profile refuses the call)";
			default -> "";
		};
	}

	private static PidfdCalls systemCalls() {
		String os = System.getProperty("os.name", "");
		if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
			throw new Unavailable("the operating system is " + os + ", and pidfds are Linux's");
		}
		String arch = System.getProperty("os.arch", "");
		if (!"amd64".equals(arch) && !"aarch64".equals(arch)) {
			throw new Unavailable(
					"the architecture is " + arch + ", and the pidfd calls are bound for amd64 and " + "aarch64 only");
		}
		if (!NativeAccess.jnaPresent()) {
			throw new Unavailable("JNA (net.java.dev.jna:jna) is not on the class path (the starter brings it)");
		}
		if (!NativeAccess.enabled()) {
			throw new Unavailable("native access is not enabled on Java " + Runtime.version().feature() + " (add "
					+ NativeAccess.FLAG + " to the java command to use pidfds)");
		}
		try {
			return Natives.pidfdCalls();
		}
		catch (IllegalStateException ex) {
			throw new Unavailable(ex.getMessage());
		}
	}

	/**
	 * Which exit watcher a launcher should use.
	 */
	public enum Mode {

		/** The pidfd watcher where it works, else the jdk watcher. */
		AUTO,

		/** The pidfd watcher, or a failure where it cannot work. */
		PIDFD,

		/** The jdk watcher ({@link Process#onExit()}). */
		JDK;

		/**
		 * Reads the default mode from the system property
		 * {@value ExitWatchers#MODE_PROPERTY}.
		 * @return the mode it names, {@link #AUTO} when it is not set
		 * @throws IllegalArgumentException when it names no mode
		 */
		public static Mode fromSystemProperty() {
			return parse(System.getProperty(MODE_PROPERTY, "auto"), "The system property " + MODE_PROPERTY);
		}

		/**
		 * Reads a mode from its name, in any case.
		 * @param value {@code auto}, {@code pidfd} or {@code jdk}
		 * @param what what held the value, for the message
		 * @return the mode
		 * @throws IllegalArgumentException when the value names no mode
		 */
		public static Mode parse(String value, String what) {
			try {
				return valueOf(value.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						what + " is '" + value + "', which is no exit watcher: use auto, pidfd or jdk");
			}
		}

	}

	/**
	 * The watcher picked, and why.
	 *
	 * @param watcher the watcher
	 * @param reason why it was picked, a sentence fragment for the start-up log line, the
	 * endpoint and the health details
	 */
	public record Selection(ExitWatcher watcher, String reason) {

	}

	private static final class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message, null, false, false);
		}

	}

}
