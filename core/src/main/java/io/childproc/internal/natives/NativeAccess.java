package io.childproc.internal.natives;

import java.lang.reflect.Method;

/**
 * Whether childproc may call native code (through JNA) in this JVM without a warning.
 * Before Java 24 it always may. From Java 24 on (JEP 472), loading a native library
 * prints a restricted-method warning unless native access is enabled for JNA's module
 * ({@code --enable-native-access=ALL-UNNAMED}, or
 * {@code Enable-Native-Access: ALL-UNNAMED} in an executable jar's manifest). This class
 * finds out without calling a restricted method and without loading JNA's native library.
 */
public final class NativeAccess {

	/** The flag that enables native access for JNA on the class path. */
	public static final String FLAG = "--enable-native-access=ALL-UNNAMED";

	/**
	 * The manifest entry that enables native access for an executable jar started with
	 * {@code java -jar}.
	 */
	public static final String MANIFEST_ENTRY = "Enable-Native-Access: ALL-UNNAMED";

	private static final String JNA_CLASS = "com.sun.jna.Native";

	private NativeAccess() {
	}

	/**
	 * Says whether JNA is on the class path (without initialising it).
	 * @return whether {@code com.sun.jna.Native} can be found
	 */
	public static boolean jnaPresent() {
		return jnaClass() != null;
	}

	/**
	 * Says whether native code can be loaded without a restricted-method warning: JNA is
	 * present and either the JVM is older than 24 or native access is enabled for JNA's
	 * module.
	 * @return whether native calls are welcome
	 */
	public static boolean enabled() {
		Class<?> jna = jnaClass();
		if (jna == null) {
			return false;
		}
		if (Runtime.version().feature() < 24) {
			return true;
		}
		return nativeAccessEnabled(jna.getModule());
	}

	private static boolean nativeAccessEnabled(Module module) {
		try {
			// Module.isNativeAccessEnabled() exists from Java 22 on; the compile target
			// is 17.
			Method method = Module.class.getMethod("isNativeAccessEnabled");
			return (Boolean) method.invoke(module);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return false;
		}
	}

	private static Class<?> jnaClass() {
		try {
			return Class.forName(JNA_CLASS, false, NativeAccess.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

}
