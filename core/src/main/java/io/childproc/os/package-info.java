/**
 * Operating-system level process hygiene, free of Spring: reading the JVM's process tree
 * from {@code /proc}, ending whole trees safely, finding escaped descendants, reaping
 * adopted orphans, reading the cgroup pids limit and watching child exits (one thread on
 * the children's pidfds where Linux allows, else {@link java.lang.Process#onExit()}). Off
 * Linux every part reports itself unavailable instead of failing.
 */
package io.childproc.os;
