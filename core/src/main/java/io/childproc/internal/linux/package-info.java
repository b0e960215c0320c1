/**
 * Readers of the operating system: the process table from {@code /proc} and the cgroup
 * pids controller, with the mark childproc gives its children. The bottom of the stack:
 * it imports nothing of childproc. Internal: no compatibility promise.
 */
@NullMarked
package io.childproc.internal.linux;

import org.jspecify.annotations.NullMarked;
