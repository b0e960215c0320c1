/* Writes COUNT lines to standard output, one every MILLIS ms, each the CLOCK_MONOTONIC time of its write in
 * nanoseconds (the clock System.nanoTime() reads on Linux): the reader's delay is its nanoTime minus the line.
 * Usage: line_writer COUNT MILLIS */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: line_writer COUNT MILLIS\n");
		return 2;
	}
	long count = atol(argv[1]);
	long millis = atol(argv[2]);
	struct timespec pause = { millis / 1000, (millis % 1000) * 1000000L };
	char line[32];
	for (long i = 0; i < count; i++) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		int length = snprintf(line, sizeof line, "%lld\n", (long long) now.tv_sec * 1000000000LL + now.tv_nsec);
		if (write(1, line, length) != length) {
			return 1;
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}
