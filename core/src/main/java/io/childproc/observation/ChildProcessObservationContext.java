package io.childproc.observation;

import java.util.Objects;

import io.childproc.ChildProcess;
import io.childproc.Outcome;
import org.jspecify.annotations.Nullable;
import io.micrometer.observation.Observation;

/**
 * What an Observation of one child's life knows: the child, the value of its {@code name}
 * tag (already bounded), the launcher it belongs to and, once it has exited, its
 * {@link Outcome}.
 */
public class ChildProcessObservationContext extends Observation.Context {

	private final ChildProcess child;

	private final String nameTag;

	private final @Nullable String launcherName;

	private volatile @Nullable Outcome outcome;

	/**
	 * Creates the context of a child that was just started.
	 * @param child the child
	 * @param nameTag the value of the {@code name} tag: the child's name, or the overflow
	 * value past {@code childproc.metrics.max-names}
	 * @param launcherName the name of the launcher (its bean name), or {@code null} when
	 * the launcher is not named
	 */
	public ChildProcessObservationContext(ChildProcess child, String nameTag, @Nullable String launcherName) {
		this.child = Objects.requireNonNull(child, "child");
		this.nameTag = Objects.requireNonNull(nameTag, "nameTag");
		this.launcherName = launcherName;
	}

	/**
	 * Returns the child. Its name and command are unbounded and its command can hold
	 * secrets: never use them as key values.
	 * @return the child
	 */
	public ChildProcess getChild() {
		return this.child;
	}

	/**
	 * Returns the value of the {@code name} tag, bounded by
	 * {@code childproc.metrics.max-names}.
	 * @return the name tag value
	 */
	public String getNameTag() {
		return this.nameTag;
	}

	/**
	 * Returns the name of the launcher that started the child.
	 * @return the launcher's name, or {@code null} when it has none
	 */
	public @Nullable String getLauncherName() {
		return this.launcherName;
	}

	/**
	 * Returns how the child ended.
	 * @return the outcome, or {@code null} while the child runs
	 */
	public @Nullable Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the child ended, before the Observation is stopped.
	 * @param outcome the outcome
	 */
	public void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

}
