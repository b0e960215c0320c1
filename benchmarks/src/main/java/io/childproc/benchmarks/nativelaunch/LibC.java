package io.childproc.benchmarks.nativelaunch;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls of the native launch path, bound with JNA's direct mapping (one JNI
 * call each, no proxy). Linux x86-64 and glibc 2.34 or later
 * ({@code posix_spawn_file_actions_addclosefrom_np}); the pidfd calls go through
 * {@code syscall} so that they need kernel 5.3 (5.4 for {@code waitid(P_PIDFD)}) but no
 * particular glibc.
 */
final class LibC {

	static final int O_RDONLY = 0;

	static final int O_WRONLY = 1;

	static final int O_CLOEXEC = 0x80000;

	static final int EINTR = 4;

	static final int EFD_CLOEXEC = O_CLOEXEC;

	static final int EPOLL_CLOEXEC = O_CLOEXEC;

	static final int EPOLL_CTL_ADD = 1;

	static final int EPOLLIN = 0x001;

	static final int POSIX_SPAWN_SETSIGDEF = 0x04;

	static final int POSIX_SPAWN_SETSIGMASK = 0x08;

	static final int P_PID = 1;

	static final int P_PIDFD = 3;

	static final int WEXITED = 4;

	static final int CLD_EXITED = 1;

	static final int CLD_KILLED = 2;

	static final int CLD_DUMPED = 3;

	static final long SYS_PIDFD_SEND_SIGNAL = 424;

	static final long SYS_PIDFD_OPEN = 434;

	/** {@code sizeof(siginfo_t)}. */
	static final int SIGINFO_SIZE = 128;

	/** Offsets in {@code siginfo_t} on Linux x86-64. */
	static final int SI_CODE = 8;

	static final int SI_PID = 16;

	static final int SI_STATUS = 24;

	/** {@code sizeof(struct epoll_event)}: packed on x86-64, 16 bytes elsewhere. */
	static final int EPOLL_EVENT_SIZE = Platform.isIntel() ? 12 : 16;

	static final int EPOLL_EVENT_DATA = Platform.isIntel() ? 4 : 8;

	/** Generous sizes for glibc's opaque spawn types (80 and 336 bytes on x86-64). */
	static final int FILE_ACTIONS_SIZE = 256;

	static final int SPAWNATTR_SIZE = 1024;

	static final int SIGSET_SIZE = 128;

	static {
		if (!Platform.isLinux() || !Platform.is64Bit()) {
			throw new IllegalStateException("The native launch experiment runs on 64-bit Linux only, this is "
					+ System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		}
		Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
	}

	private LibC() {
	}

	static native int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attributes, Pointer argv,
			Pointer envp);

	static native int posix_spawn_file_actions_init(Pointer fileActions);

	static native int posix_spawn_file_actions_destroy(Pointer fileActions);

	static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

	static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

	static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

	static native int posix_spawnattr_init(Pointer attributes);

	static native int posix_spawnattr_setflags(Pointer attributes, short flags);

	static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer signals);

	static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

	static native int sigemptyset(Pointer signals);

	static native int sigfillset(Pointer signals);

	static native int pipe2(int[] fds, int flags);

	static native int open(String path, int flags);

	static native int close(int fd);

	static native int kill(int pid, int signal);

	static native int getrusage(int who, Pointer usage);

	static native long read(int fd, byte[] buffer, long count);

	static native long write(int fd, byte[] buffer, long count);

	static native long syscall(long number, long first, long second, long third, long fourth);

	static native int waitid(int idType, int id, Pointer info, int options);

	static native int epoll_create1(int flags);

	static native int epoll_ctl(int epollFd, int op, int fd, Pointer event);

	static native int epoll_wait(int epollFd, Pointer events, int maxEvents, int timeoutMillis);

	static native int eventfd(int initialValue, int flags);

	static int pidfdOpen(int pid) {
		return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
	}

	static int pidfdSendSignal(int pidfd, int signal) {
		return (int) syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
	}

	/**
	 * Returns the CPU time (user and system) of this process and of its children that it
	 * has waited for.
	 * @return nanoseconds
	 */
	static long cpuNanos() {
		com.sun.jna.Memory usage = new com.sun.jna.Memory(256);
		long nanos = 0;
		for (int who : new int[] { 0, -1 }) {
			if (getrusage(who, usage) != 0) {
				throw failure("getrusage", errno());
			}
			// struct rusage starts with ru_utime and ru_stime, two struct timeval.
			nanos += usage.getLong(0) * 1_000_000_000L + usage.getLong(8) * 1000L;
			nanos += usage.getLong(16) * 1_000_000_000L + usage.getLong(24) * 1000L;
		}
		return nanos;
	}

	static int errno() {
		return Native.getLastError();
	}

	/**
	 * Fails with the call's name and errno's text.
	 * @param call what was called
	 * @param error the error number ({@code errno}, or what a {@code posix_spawn} call
	 * returned)
	 * @return never returns normally
	 */
	static IllegalStateException failure(String call, int error) {
		return new IllegalStateException(call + " failed: " + strerror(error) + " (errno " + error + ")");
	}

	private static String strerror(int error) {
		return switch (error) {
			case 1 -> "Operation not permitted";
			case 2 -> "No such file or directory";
			case 9 -> "Bad file descriptor";
			case 11 -> "Resource temporarily unavailable";
			case 12 -> "Cannot allocate memory";
			case 13 -> "Permission denied";
			case 22 -> "Invalid argument";
			case 24 -> "Too many open files (raise ulimit -n)";
			case 38 -> "Function not implemented (kernel too old or blocked by seccomp)";
			default -> "error " + error;
		};
	}

}
