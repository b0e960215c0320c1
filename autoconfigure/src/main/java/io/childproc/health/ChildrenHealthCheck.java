package io.childproc.health;

import java.util.Map;

/**
 * An extra check of the {@link ChildrenHealthIndicator}, such as the zombies in the
 * process tree. Every bean of this type is asked on each health check; it must be quick
 * (read what a background task measured) and must not flip on a single short-lived
 * problem: liveness probes restart applications.
 */
@FunctionalInterface
public interface ChildrenHealthCheck {

	/**
	 * Adds details to the health component and says whether something is wrong.
	 * @param details where to put the details
	 * @return why the component is DOWN, said so that an operator knows what to do, or
	 * {@code null} when all is well
	 */
	String check(Map<String, Object> details);

}
