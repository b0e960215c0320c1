package io.childproc.internal.linux;

/**
 * A process found by a variable in its environment.
 *
 * @param process the process
 * @param mark the value of the mark variable asked for, or {@code null} when the process
 * does not carry it
 */
public record MarkedProcess(ProcessInfo process, String mark) {

}
