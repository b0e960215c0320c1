/**
 * The childproc sample application: jobs from configuration that start children on a
 * schedule.
 */
package io.childproc.sample;
