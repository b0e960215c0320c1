/*
 * The machine's launch limit for one launcher, for the native launch experiment (benchmarks/native-launch.sh).
 * Usage: spawn_limit WARMUP_SECONDS MEASURE_SECONDS plain|pidfd EXTRA_DESCRIPTORS [LIVE_CHILDREN]
 *   plain: posix_spawn(/bin/true) with nothing else, then waitpid (launch_loop.h, as spawn_true.c does);
 *   pidfd: what the JNA path does, in C: standard streams to /dev/null, close_range of every other descriptor
 *          (posix_spawn_file_actions_addclosefrom_np), signal mask emptied and dispositions reset, then
 *          pidfd_open, epoll_wait on the pidfd and waitid(P_PIDFD).
 * EXTRA_DESCRIPTORS: /dev/null opened that many times first (without O_CLOEXEC, as the JDK opens files).
 * LIVE_CHILDREN: that many idle `sleep 3600` children started first (standard streams to /dev/null), killed and
 *   reaped at the end: does a parent with many children launch more slowly, whatever the language?
 * Prints launches per second, then the CPU time per launch of the process and its children.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launch_loop.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static long run_pidfd(double seconds) {
	char *argv[] = { "/bin/true", NULL };
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	sigset_t empty, all;
	sigemptyset(&empty);
	sigfillset(&all);
	posix_spawnattr_init(&attributes);
	posix_spawnattr_setsigmask(&attributes, &empty);
	posix_spawnattr_setsigdefault(&attributes, &all);
	posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, 1, 2);
	posix_spawn_file_actions_addclosefrom_np(&actions, 3);
	int epoll = epoll_create1(EPOLL_CLOEXEC);
	if (epoll < 0) fail("epoll_create1", errno);
	double end = now() + seconds;
	long launches = 0;
	while (now() < end) {
		pid_t pid;
		int error;
		if ((error = posix_spawn(&pid, "/bin/true", &actions, &attributes, argv, environ)) != 0) fail("posix_spawn", error);
		int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0) fail("pidfd_open", errno);
		struct epoll_event event = { .events = EPOLLIN, .data.fd = pidfd };
		if (epoll_ctl(epoll, EPOLL_CTL_ADD, pidfd, &event) != 0) fail("epoll_ctl", errno);
		struct epoll_event ready;
		int n;
		while ((n = epoll_wait(epoll, &ready, 1, -1)) < 0 && errno == EINTR) {
		}
		if (n != 1 || ready.data.fd != pidfd) fail("epoll_wait", errno);
		siginfo_t info;
		memset(&info, 0, sizeof info);
		if (waitid((idtype_t) P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0) fail("waitid(P_PIDFD)", errno);
		if (info.si_code != CLD_EXITED || info.si_status != 0) fail("/bin/true exit status", 0);
		close(pidfd);
		launches++;
	}
	return launches;
}

static pid_t *start_idle(int count) {
	pid_t *pids = calloc(count > 0 ? count : 1, sizeof(pid_t));
	char *argv[] = { "sleep", "3600", NULL };
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, 1, 2);
	for (int i = 0; i < count; i++) {
		int error = posix_spawnp(&pids[i], "sleep", &actions, NULL, argv, environ);
		if (error != 0) {
			for (int j = 0; j < i; j++) kill(pids[j], SIGKILL);
			for (int j = 0; j < i; j++) waitpid(pids[j], NULL, 0);
			fail("posix_spawnp sleep 3600", error);
		}
	}
	return pids;
}

static void end_idle(pid_t *pids, int count) {
	for (int i = 0; i < count; i++) kill(pids[i], SIGKILL);
	for (int i = 0; i < count; i++) waitpid(pids[i], NULL, 0);
	free(pids);
}

int main(int argc, char **argv) {
	if ((argc != 5 && argc != 6) || (strcmp(argv[3], "plain") != 0 && strcmp(argv[3], "pidfd") != 0)) {
		fprintf(stderr, "usage: %s WARMUP_SECONDS MEASURE_SECONDS plain|pidfd EXTRA_DESCRIPTORS [LIVE_CHILDREN]\n", argv[0]);
		return 2;
	}
	int pidfd_mode = strcmp(argv[3], "pidfd") == 0;
	int extra = atoi(argv[4]);
	for (int i = 0; i < extra; i++) {
		if (open("/dev/null", O_RDONLY) < 0) fail("spawn_limit: open /dev/null (raise ulimit -n)", errno);
	}
	int live = argc == 6 ? atoi(argv[5]) : 0;
	pid_t *idle = start_idle(live);
	warm_up_and_measure(pidfd_mode ? run_pidfd : run_plain, atof(argv[1]), atof(argv[2]));
	end_idle(idle, live);
	return 0;
}
