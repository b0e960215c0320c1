package io.childproc;

/**
 * The states of a tracked child, in order.
 */
public enum ChildState {

	/** The child is running. */
	RUNNING,

	/** The child has ended; its launcher has not reaped it yet. */
	EXITED,

	/**
	 * The launcher has collected the child: its record is in the history and it is no
	 * longer tracked.
	 */
	REAPED

}
