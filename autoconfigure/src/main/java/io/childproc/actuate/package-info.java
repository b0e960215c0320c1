/**
 * The {@code children} actuator endpoint: every child of a
 * {@link io.childproc.ProcessLauncher}, its recent exits, reaping on request and ending
 * one child.
 */
package io.childproc.actuate;
