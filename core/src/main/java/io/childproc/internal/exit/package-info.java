/**
 * Exit watching: how a launcher learns that a child exited, through one epoll thread over
 * the children's pidfds where Linux allows, else through
 * {@link java.lang.Process#onExit()}. Internal: no compatibility promise.
 */
@NullMarked
package io.childproc.internal.exit;

import org.jspecify.annotations.NullMarked;
