/**
 * Spring Boot auto-configuration of the childproc {@link io.childproc.ProcessLauncher} and its properties.
 */
package io.childproc.autoconfigure;
