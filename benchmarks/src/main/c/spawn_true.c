/*
 * The launch limit of this machine for one launcher: posix_spawn(/bin/true) then waitpid, in a loop.
 * Usage: spawn_true WARMUP_SECONDS MEASURE_SECONDS; prints launches per second, then the CPU time per launch
 * of the process and its children.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
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

static long run(double seconds) {
	char *argv[] = { "/bin/true", NULL };
	double end = now() + seconds;
	long launches = 0;
	while (now() < end) {
		pid_t pid;
		int status;
		if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) != 0) {
			perror("posix_spawn /bin/true");
			exit(1);
		}
		if (waitpid(pid, &status, 0) != pid) {
			perror("waitpid");
			exit(1);
		}
		launches++;
	}
	return launches;
}

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: %s WARMUP_SECONDS MEASURE_SECONDS\n", argv[0]);
		return 2;
	}
	double warmup = atof(argv[1]);
	double measure = atof(argv[2]);
	run(warmup);
	double start = now();
	double cpu_start = cpu_seconds();
	long launches = run(measure);
	printf("%.1f\n", launches / (now() - start));
	printf("cpu-ms-per-launch %.4f\n", (cpu_seconds() - cpu_start) * 1000 / launches);
	return 0;
}
