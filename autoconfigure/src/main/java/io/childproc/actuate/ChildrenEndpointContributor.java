package io.childproc.actuate;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Adds information to the {@link ChildrenEndpoint}, such as what the operating system
 * knows of the process tree. Every bean of this type is asked on each read of
 * {@code /actuator/children}. Implementations must be quick and must not show a child's
 * environment.
 */
public interface ChildrenEndpointContributor {

	/**
	 * Adds members to the top level of the answer of {@code GET /actuator/children}, such
	 * as {@code zombies}. A member must not reuse a name of the endpoint's own
	 * ({@code live}, {@code children}, ...).
	 * @param members where to put the members; values are serialized to JSON
	 * @param maskCommand masks a command line (program and arguments) exactly as the
	 * endpoint masks its own: apply it to every command line added
	 */
	default void contribute(Map<String, Object> members, UnaryOperator<List<String>> maskCommand) {
	}

	/**
	 * Returns the state of a descendant of a child as the operating system reports it
	 * ({@code R}, {@code S}, {@code Z}, ...).
	 * @param pid the descendant's pid
	 * @return its state, or {@code null} when unknown
	 */
	default String descendantState(long pid) {
		return null;
	}

}
