/*
 * The floor of a process-tree scan: one listing of /proc with getdents64 (open, read
 * every entry, close), as the scan makes it, timed ROUNDS times. Prints the number of
 * entries and the median and 90th percentile in milliseconds. scan.sh runs it beside
 * each count of foreign processes.
 *
 *   list_proc [ROUNDS]      default 400
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char buffer[1 << 20];

static long nanos(void) {
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000000000L + now.tv_nsec;
}

static int compare(const void *a, const void *b) {
	long x = *(const long *) a, y = *(const long *) b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv) {
	int rounds = (argc > 1) ? atoi(argv[1]) : 400;
	if (rounds < 1) {
		fprintf(stderr, "Usage: list_proc [ROUNDS]  (ROUNDS at least 1)\n");
		return 2;
	}
	long *times = malloc(sizeof(long) * rounds);
	int entries = 0;
	for (int i = 0; i < rounds; i++) {
		long began = nanos();
		int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			perror("/proc");
			return 1;
		}
		int count = 0;
		long read;
		while ((read = syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0) {
			for (long offset = 0; offset < read;) {
				struct linux_dirent64 *entry = (struct linux_dirent64 *) (buffer + offset);
				count++;
				offset += entry->d_reclen;
			}
		}
		close(fd);
		times[i] = nanos() - began;
		entries = count;
	}
	qsort(times, rounds, sizeof(long), compare);
	printf("getdents64 of /proc: %d entries, median %.3f ms, p90 %.3f ms\n", entries, times[rounds / 2] / 1e6,
			times[rounds * 9 / 10] / 1e6);
	free(times);
	return 0;
}
