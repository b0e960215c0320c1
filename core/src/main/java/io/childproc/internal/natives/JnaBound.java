package io.childproc.internal.natives;

/**
 * Creates this package's JNA-bound implementations by name, so that neither they nor JNA
 * are loaded before they are asked for.
 */
final class JnaBound {

	private JnaBound() {
	}

	/**
	 * Creates one of the JNA-bound implementations.
	 * @param <T> the calls it implements
	 * @param type the calls it implements
	 * @param simpleName its simple name, in this package
	 * @return a new instance
	 * @throws ReflectiveOperationException when it cannot be created
	 */
	static <T> T create(Class<T> type, String simpleName) throws ReflectiveOperationException {
		return type.cast(
				Class.forName(JnaBound.class.getPackageName() + "." + simpleName, true, JnaBound.class.getClassLoader())
					.getDeclaredConstructor()
					.newInstance());
	}

}
