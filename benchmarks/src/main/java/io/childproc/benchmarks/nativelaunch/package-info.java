/**
 * The native launch experiment: {@code posix_spawn} through JNA, exits watched by pidfd
 * and epoll on one thread, measured against raw {@link java.lang.ProcessBuilder} and C;
 * run {@code benchmarks/native-launch.sh}. Not part of the product.
 */
package io.childproc.benchmarks.nativelaunch;
