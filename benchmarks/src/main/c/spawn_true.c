/*
 * The launch limit of this machine for one launcher: posix_spawn(/bin/true) then waitpid, in a loop.
 * Usage: spawn_true WARMUP_SECONDS MEASURE_SECONDS; prints launches per second.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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
	long launches = run(measure);
	printf("%.1f\n", launches / (now() - start));
	return 0;
}
