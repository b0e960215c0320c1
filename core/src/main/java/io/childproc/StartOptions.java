package io.childproc;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Options of one start: the child's name, its timeout and what becomes of its output.
 * <pre>{@code
 * launcher.start(new ProcessBuilder("ffmpeg", "-i", in, out),
 *         StartOptions.named("ffmpeg-transcode").withTimeout(Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param name the child's name, or {@code null} for the program's file name
 * @param timeout how long the child may run before its process tree is ended (more than
 * zero, at most 365 days), or {@code null} for no limit
 * @param output what becomes of its standard output and error, or {@code null} for the
 * launcher's {@linkplain OutputSettings#defaultOutput() default}
 */
public record StartOptions(@Nullable String name, @Nullable Duration timeout, @Nullable ChildOutput output) {

	/** No name, no timeout, the launcher's default output. */
	public static final StartOptions DEFAULTS = new StartOptions(null, null, null);

	public StartOptions {
		if (name != null && name.isBlank()) {
			throw new InvalidSettingException("name", "must not be blank: give a short label such as "
					+ "'ffmpeg-transcode', or null for the program's file name");
		}
		if (timeout != null) {
			Durations.requirePositive(timeout, "timeout", "give a positive duration, or null for none");
		}
	}

	/**
	 * Creates options with the launcher's default output.
	 * @param name the child's name, or {@code null} for the program's file name
	 * @param timeout how long the child may run, or {@code null} for no limit
	 */
	public StartOptions(@Nullable String name, @Nullable Duration timeout) {
		this(name, timeout, null);
	}

	/**
	 * Returns options with the given name.
	 * @param name a short, low-cardinality label
	 * @return the options
	 */
	public static StartOptions named(String name) {
		return new StartOptions(Objects.requireNonNull(name, "name"), null);
	}

	/**
	 * Returns these options with a timeout.
	 * @param timeout how long the child may run: more than zero, at most 365 days
	 * @return the options
	 */
	public StartOptions withTimeout(Duration timeout) {
		return new StartOptions(this.name, Objects.requireNonNull(timeout, "timeout"), this.output);
	}

	/**
	 * Returns these options with a name.
	 * @param name a short, low-cardinality label
	 * @return the options
	 */
	public StartOptions withName(String name) {
		return new StartOptions(Objects.requireNonNull(name, "name"), this.timeout, this.output);
	}

	/**
	 * Returns these options with an output: {@code withOutput(ChildOutput.log())}.
	 * @param output what becomes of the child's standard output and error
	 * @return the options
	 */
	public StartOptions withOutput(ChildOutput output) {
		return new StartOptions(this.name, this.timeout, Objects.requireNonNull(output, "output"));
	}

}
