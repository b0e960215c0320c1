/*
 * The launch limit of this machine for one launcher: posix_spawn(/bin/true) then waitpid, in a loop.
 * Usage: spawn_true WARMUP_SECONDS MEASURE_SECONDS; prints launches per second, then the CPU time per launch
 * of the process and its children.
 */
#include "launch_loop.h"

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: %s WARMUP_SECONDS MEASURE_SECONDS\n", argv[0]);
		return 2;
	}
	warm_up_and_measure(run_plain, atof(argv[1]), atof(argv[2]));
	return 0;
}
