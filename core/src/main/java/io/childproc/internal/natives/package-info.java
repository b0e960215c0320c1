/**
 * The native calls childproc makes through JNA (subreaper, reaping one pid, pidfds),
 * loaded only where they are needed and welcome. The bottom of the stack: it imports
 * nothing of childproc. Internal: no compatibility promise.
 */
@NullMarked
package io.childproc.internal.natives;

import org.jspecify.annotations.NullMarked;
