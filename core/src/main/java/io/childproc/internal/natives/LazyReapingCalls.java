package io.childproc.internal.natives;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link ReapingCalls} that loads JNA only when a call needs it: what
 * {@link Natives#reapingCalls()} returns on Java 24 and later where native access is not
 * enabled, so that an application that needs no native call gets no restricted-method
 * warning. {@link #requireFor(String)} loads at start-up for a feature that needs native
 * code and says, once, which feature and the flag that enables native access.
 */
final class LazyReapingCalls implements ReapingCalls {

	/** The one instance of the JVM: JNA is loaded at most once. */
	static final LazyReapingCalls INSTANCE = new LazyReapingCalls(LazyReapingCalls::loadJna);

	private static final System.Logger logger = System.getLogger(LazyReapingCalls.class.getName());

	private static final AtomicBoolean explained = new AtomicBoolean();

	private final Supplier<ReapingCalls> loader;

	private final Set<String> announced = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private volatile ReapingCalls loaded;

	LazyReapingCalls(Supplier<ReapingCalls> loader) {
		this.loader = loader;
	}

	/**
	 * Returns the one instance, saying once (at debug level: nothing is wrong) what
	 * loading on demand means for the one feature that cannot announce itself at
	 * start-up.
	 * @return {@link #INSTANCE}
	 */
	static LazyReapingCalls onDemand() {
		if (explained.compareAndSet(false, true)) {
			logger.log(Level.DEBUG, () -> "Native access is not enabled: childproc loads JNA only when a feature "
					+ "needs it. A child killed because no thread could be created to wait for it is reaped through "
					+ "JNA, which may then fail to load for the same lack of threads; start the JVM with "
					+ NativeAccess.FLAG + " to load JNA in advance");
		}
		return INSTANCE;
	}

	@Override
	public boolean available() {
		return calls().available();
	}

	@Override
	public String unavailableReason() {
		return calls().unavailableReason();
	}

	/**
	 * Asks only once JNA is loaded: before that, childproc has not made the JVM a
	 * subreaper, and loading JNA only to ask would print the warning this class avoids.
	 */
	@Override
	public boolean isChildSubreaper() {
		return isLoaded() && calls().isChildSubreaper();
	}

	@Override
	public boolean becomeChildSubreaper() {
		return calls().becomeChildSubreaper();
	}

	@Override
	public boolean reap(long pid) {
		return calls().reap(pid);
	}

	@Override
	public boolean requireFor(String feature) {
		if (this.announced.add(feature)) {
			logger.log(Level.WARNING, () -> feature + " needs native code (JNA), and native access is not enabled: "
					+ "Java prints a restricted-method warning when childproc loads it, and a future Java will refuse. "
					+ "Start the JVM with " + NativeAccess.FLAG + ", or add the manifest entry "
					+ NativeAccess.MANIFEST_ENTRY + " to the executable jar");
		}
		return available();
	}

	/**
	 * Whether JNA has been loaded (or tried) yet.
	 * @return whether a call has needed it
	 */
	boolean isLoaded() {
		return this.loaded != null;
	}

	private ReapingCalls calls() {
		ReapingCalls calls = this.loaded;
		if (calls != null) {
			return calls;
		}
		synchronized (this.lock) {
			if (this.loaded != null) {
				return this.loaded;
			}
			try {
				this.loaded = this.loader.get();
			}
			catch (VirtualMachineError ex) {
				// No thread or memory for JNA now (it starts a thread): try again at the
				// next call.
				return ReapingCalls.unavailable(noJnaNow(ex));
			}
			return this.loaded;
		}
	}

	private static String noJnaNow(Throwable ex) {
		return "JNA could not be loaded now (" + ex + "); native access is not enabled, so it was not loaded in "
				+ "advance: start the JVM with " + NativeAccess.FLAG;
	}

	/**
	 * Loads the calls through JNA; JNA must be on the class path.
	 * @return the calls, or unavailable calls that say why JNA could not load
	 * @throws VirtualMachineError when the JVM had no thread or memory for JNA, which a
	 * later call may have
	 */
	static ReapingCalls loadJna() {
		try {
			return JnaBound.create(ReapingCalls.class, "JnaReapingCalls");
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof VirtualMachineError error) {
				throw error;
			}
			return ReapingCalls.unavailable("JNA could not load the C library (" + cause + ")");
		}
	}

	@Override
	public String toString() {
		ReapingCalls calls = this.loaded;
		return "ReapingCalls.lazy[" + ((calls != null) ? calls : "not loaded") + "]";
	}

}
