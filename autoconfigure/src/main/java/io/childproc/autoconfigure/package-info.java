/**
 * Spring Boot auto-configuration of the childproc {@link io.childproc.ProcessLauncher}
 * and its properties, and of its meters, endpoint and health component.
 */
package io.childproc.autoconfigure;
