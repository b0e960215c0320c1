/**
 * Operating-system level process hygiene, free of Spring: reading the JVM's process tree
 * from {@code /proc}, ending whole trees safely, finding escaped descendants, reaping
 * adopted orphans and reading the cgroup pids limit. Off Linux every part reports itself
 * unavailable instead of failing.
 */
package io.childproc.os;
