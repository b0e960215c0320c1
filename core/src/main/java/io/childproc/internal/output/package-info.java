/**
 * Output draining: one shared thread that reads many children's pipes without blocking,
 * the bounded tails it keeps, and the lines it hands on. Imports nothing of the launcher.
 */
@NullMarked
package io.childproc.internal.output;

import org.jspecify.annotations.NullMarked;
