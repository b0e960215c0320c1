/**
 * Micrometer Observations of a {@link io.childproc.ProcessLauncher}'s children: one per
 * child's life, giving the duration timer and, with tracing, a span; free of Spring.
 */
@NullMarked
package io.childproc.observation;

import org.jspecify.annotations.NullMarked;
