/**
 * HTTP tests of the {@code children} endpoint, health component and meters in a running
 * web application.
 */
package io.childproc.web;
