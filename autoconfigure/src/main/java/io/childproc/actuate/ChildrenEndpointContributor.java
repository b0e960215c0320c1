package io.childproc.actuate;

import java.util.Map;

/**
 * Adds information to the {@link ChildrenEndpoint}. Every bean of this type is asked on
 * each read of {@code /actuator/children}. Implementations must be quick (read what is
 * already in memory, not the operating system) and must not show a child's environment.
 */
@FunctionalInterface
public interface ChildrenEndpointContributor {

	/**
	 * Adds members to the top level of the answer of {@code GET /actuator/children}. A
	 * member must not reuse a name of the endpoint's own ({@code live}, {@code children},
	 * ...); one that reuses a name of the process tree's ({@code zombies},
	 * {@code escaped}, ...) replaces it.
	 * @param members where to put the members; values are serialized to JSON
	 * @param mask masks command lines exactly as the endpoint masks its own: apply it to
	 * every command line added ({@link CommandMasker#apply} masks the program too while
	 * values are hidden)
	 */
	void contribute(Map<String, Object> members, CommandMasker mask);

}
