package io.childproc.os;

import java.util.List;

/**
 * A zombie among the JVM's descendants: a process that has ended and that its parent has
 * not reaped.
 *
 * @param pid the zombie's pid
 * @param ppid its parent's pid, the process that should reap it
 * @param command the zombie's short program name
 * @param parentCommand the parent's program and arguments; arguments can hold secrets,
 * show them with care
 */
public record ZombieProcess(long pid, long ppid, String command, List<String> parentCommand) {

	public ZombieProcess {
		parentCommand = List.copyOf(parentCommand);
	}

}
