/**
 * Micrometer meters of a {@link io.childproc.ProcessLauncher}'s children; free of Spring.
 */
package io.childproc.metrics;
