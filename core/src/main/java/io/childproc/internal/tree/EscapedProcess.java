package io.childproc.internal.tree;

import io.childproc.internal.linux.ProcessInfo;

/**
 * A process that carries a launcher's owner mark but is no longer among the JVM's
 * descendants: it left the tree with {@code setsid}, a double fork or {@code nohup} and
 * was adopted by another process.
 *
 * @param process the process
 * @param childPid the pid of the launcher's child it descends from, or -1 when that child
 * is no longer tracked
 */
public record EscapedProcess(ProcessInfo process, long childPid) {

}
