/*
 * The launch loop shared by spawn_true.c and spawn_limit.c: posix_spawn(/bin/true) then waitpid, timed on the
 * monotonic clock, with the CPU time of the process and its children.
 */
#ifndef LAUNCH_LOOP_H
#define LAUNCH_LOOP_H

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
	struct rusage self, children;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	return self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec + children.ru_stime.tv_sec
			+ (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec + children.ru_stime.tv_usec)
			/ 1e6;
}

static void fail(const char *what, int error) {
	fprintf(stderr, "%s failed: %s\n", what, strerror(error));
	exit(1);
}

/* posix_spawn(/bin/true) with nothing else, then waitpid, for that many seconds; returns the launches. */
static long run_plain(double seconds) {
	char *argv[] = { "/bin/true", NULL };
	double end = now() + seconds;
	long launches = 0;
	while (now() < end) {
		pid_t pid;
		int status, error;
		if ((error = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ)) != 0) fail("posix_spawn", error);
		if (waitpid(pid, &status, 0) != pid) fail("waitpid", errno);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail("/bin/true exit status", 0);
		launches++;
	}
	return launches;
}

/* Runs a loop for the warm-up, then measures it: prints launches per second, then the CPU time per launch. */
static void warm_up_and_measure(long (*loop)(double), double warmup, double measure) {
	loop(warmup);
	double start = now();
	double cpu_start = cpu_seconds();
	long launches = loop(measure);
	printf("%.1f\n", launches / (now() - start));
	printf("cpu-ms-per-launch %.4f\n", (cpu_seconds() - cpu_start) * 1000 / launches);
}

#endif
