/**
 * The {@code children} health component of a {@link io.childproc.ProcessLauncher}.
 */
package io.childproc.health;
