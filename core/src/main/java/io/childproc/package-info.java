/**
 * The Spring-free core of childproc: a {@link io.childproc.ProcessLauncher} that tracks
 * every child it starts and reaps the ones that exited before it starts another.
 */
@NullMarked
package io.childproc;

import org.jspecify.annotations.NullMarked;
