package io.childproc.internal.tree;

import java.util.List;

import io.childproc.internal.linux.ProcessInfo;

/**
 * A zombie among the JVM's descendants that lasts: a process that has ended, that its
 * parent has not reaped, and that two scans in a row found.
 *
 * @param process the zombie; its command is only the kernel's short name, which the
 * program could set to any text
 * @param parent its parent, the process that should reap it (the JVM itself for an
 * adopted orphan); its command can hold secrets, show it with care
 * @param childPid the pid of the launcher's child whose tree holds the zombie, or -1 when
 * it is not under a running child (a child of the JVM itself)
 */
public record ZombieProcess(ProcessInfo process, ProcessInfo parent, long childPid) {

	/**
	 * Returns the zombie's pid.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Returns the pid of the zombie's parent, which should reap it.
	 * @return the parent's pid
	 */
	public long ppid() {
		return this.process.ppid();
	}

	/**
	 * Returns the zombie's short name (at most 15 bytes, which the program may have set).
	 * @return the short name
	 */
	public String command() {
		return this.process.commandLine();
	}

	/**
	 * Returns the parent's program and arguments.
	 * @return the parent's command
	 */
	public List<String> parentCommand() {
		return this.parent.command();
	}

}
