package io.childproc;

/**
 * A setting, an option or an argument has a value that makes no sense. The message starts
 * with the {@linkplain #setting() name} of what was wrong, followed by the
 * {@linkplain #problem() problem}, so that a configuration layer can name the value its
 * own way (a property path, say) and keep the rest.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final String problem;

	/**
	 * Creates an exception whose message is the setting's name, a space and the problem.
	 * @param setting the name of the setting, option or argument, such as
	 * {@code terminateGracePeriod}
	 * @param problem what was wrong with it and what to do, such as
	 * {@code "must not be negative, was PT-1S (0 kills at once)"}
	 */
	public InvalidSettingException(String setting, String problem) {
		super(setting + " " + problem);
		this.setting = setting;
		this.problem = problem;
	}

	/**
	 * Returns the name of the setting, option or argument that was wrong.
	 * @return the name
	 */
	public String setting() {
		return this.setting;
	}

	/**
	 * Returns what was wrong and what to do, without the name.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

}
