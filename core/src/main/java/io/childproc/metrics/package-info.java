/**
 * Micrometer meters of a {@link io.childproc.ProcessLauncher}'s children; free of Spring.
 */
@NullMarked
package io.childproc.metrics;

import org.jspecify.annotations.NullMarked;
