/**
 * Benchmarks of childproc against raw {@link java.lang.ProcessBuilder}, its peer
 * libraries and C {@code posix_spawn}; run {@code benchmarks/run.sh}.
 */
package io.childproc.benchmarks;
