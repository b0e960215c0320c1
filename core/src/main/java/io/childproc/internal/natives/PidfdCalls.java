package io.childproc.internal.natives;

/**
 * The Linux calls the pidfd watcher makes: {@code pidfd_open}, {@code pidfd_send_signal},
 * an epoll set and an eventfd to wake it. {@code Natives.pidfdCalls()} binds them through
 * JNA; tests wrap them to simulate a kernel or a seccomp profile that refuses
 * {@code pidfd_open}. Each call throws {@link CallFailedException} with the {@code errno}
 * when it fails.
 */
public interface PidfdCalls {

	/** No such system call (old kernel, or a seccomp profile that hides it). */
	int ENOSYS = 38;

	/** Operation not permitted (a seccomp profile that refuses it). */
	int EPERM = 1;

	/** No such process. */
	int ESRCH = 3;

	/** Bad file descriptor. */
	int EBADF = 9;

	/** Interrupted by a signal. */
	int EINTR = 4;

	/** The file descriptor is readable: for a pidfd, the process has exited. */
	int EPOLLIN = 0x001;

	/** Reports the descriptor once, then disables it until modified. */
	int EPOLLONESHOT = 1 << 30;

	/**
	 * {@code pidfd_open(pid, 0)}.
	 * @param pid the process
	 * @return the pidfd, close-on-exec
	 */
	int pidfdOpen(long pid);

	/**
	 * {@code pidfd_send_signal(pidfd, signal, NULL, 0)}.
	 * @param pidfd the pidfd
	 * @param signal the signal number
	 */
	void pidfdSendSignal(int pidfd, int signal);

	/**
	 * {@code epoll_create1(EPOLL_CLOEXEC)}.
	 * @return the epoll descriptor
	 */
	int epollCreate();

	/**
	 * {@code epoll_ctl(epfd, EPOLL_CTL_ADD, fd, {events, data = fd})}.
	 * @param epfd the epoll descriptor
	 * @param fd the descriptor to watch, also the data reported with its events
	 * @param events the events to watch for
	 */
	void epollAdd(int epfd, int fd, int events);

	/**
	 * {@code epoll_wait(epfd, ...)}, reporting the descriptors that are ready.
	 * @param epfd the epoll descriptor
	 * @param ready where the ready descriptors are written
	 * @param timeoutMillis how long to wait, {@code -1} for ever
	 * @return how many descriptors are ready
	 */
	int epollWait(int epfd, int[] ready, int timeoutMillis);

	/**
	 * {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}.
	 * @return the eventfd
	 */
	int eventfd();

	/**
	 * Adds one to an eventfd, which makes it readable.
	 * @param eventfd the eventfd
	 */
	void eventfdSignal(int eventfd);

	/**
	 * Reads an eventfd back to zero.
	 * @param eventfd the eventfd
	 */
	void eventfdDrain(int eventfd);

	/**
	 * {@code close(fd)}.
	 * @param fd the descriptor
	 */
	void close(int fd);

	/**
	 * A call that failed.
	 */
	public final class CallFailedException extends RuntimeException {

		private final int errno;

		public CallFailedException(String call, int errno) {
			super(call + " failed with errno " + errno + errnoName(errno));
			this.errno = errno;
		}

		public int errno() {
			return this.errno;
		}

		private static String errnoName(int errno) {
			return switch (errno) {
				case EPERM -> " (EPERM)";
				case ESRCH -> " (ESRCH)";
				case EINTR -> " (EINTR)";
				case ENOSYS -> " (ENOSYS)";
				case 24 -> " (EMFILE)";
				default -> "";
			};
		}

	}

}
