/**
 * The process tree: the monitor that scans it, the snapshot it publishes, the policies
 * applied to it (lasting zombies, escaped descendants, adopted orphans) and the
 * terminator that ends whole trees. Internal: no compatibility promise.
 */
@NullMarked
package io.childproc.internal.tree;

import org.jspecify.annotations.NullMarked;
