package io.childproc.observation;

import io.childproc.Outcome;
import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ChildProcessObservationConvention}. The Observation is named
 * {@value #NAME}, so that its timer is the one {@link ChildProcessMetrics} documents;
 * low-cardinality keys {@code name}, {@code outcome} (once the child has exited) and
 * {@code launcher} (when the launcher is named); high-cardinality key {@code pid}. The
 * span is named {@code child-process <name>}.
 */
public class DefaultChildProcessObservationConvention implements ChildProcessObservationConvention {

	/** The name of the Observation, and so of its timer. */
	public static final String NAME = ChildProcessMetrics.DURATION;

	/** Low-cardinality key: the child's name, bounded. */
	public static final String NAME_KEY = "name";

	/** Low-cardinality key: how the child ended ({@link Outcome}). */
	public static final String OUTCOME_KEY = "outcome";

	/** Low-cardinality key: the launcher's bean name. */
	public static final String LAUNCHER_KEY = "launcher";

	/** High-cardinality key: the child's pid. */
	public static final String PID_KEY = "pid";

	/**
	 * High-cardinality key: the last lines of standard error of a child that did not
	 * succeed, only when values are shown.
	 */
	public static final String STDERR_TAIL_KEY = "stderr.tail";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ChildProcessObservationContext context) {
		return "child-process " + context.getNameTag();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ChildProcessObservationContext context) {
		KeyValues keyValues = KeyValues.of(KeyValue.of(NAME_KEY, context.getNameTag()));
		Outcome outcome = context.getOutcome();
		if (outcome != null) {
			keyValues = keyValues.and(OUTCOME_KEY, outcome.name());
		}
		if (context.getLauncherName() != null) {
			keyValues = keyValues.and(LAUNCHER_KEY, context.getLauncherName());
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ChildProcessObservationContext context) {
		KeyValues keyValues = KeyValues.of(PID_KEY, Long.toString(context.getChild().pid()));
		String stderrTail = context.getStderrTail();
		return (stderrTail != null) ? keyValues.and(STDERR_TAIL_KEY, stderrTail) : keyValues;
	}

}
