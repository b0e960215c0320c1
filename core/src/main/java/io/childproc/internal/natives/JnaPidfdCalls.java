package io.childproc.internal.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * {@link PidfdCalls} through JNA's direct mapping, on 64-bit Linux ({@code amd64} and
 * {@code aarch64}, where {@code pidfd_send_signal} is system call 424 and
 * {@code pidfd_open} 434). Loaded by name only once JNA is known to be present.
 */
final class JnaPidfdCalls implements PidfdCalls {

	private static final long SYS_PIDFD_SEND_SIGNAL = 424;

	private static final long SYS_PIDFD_OPEN = 434;

	private static final int EPOLL_CLOEXEC = 0x80000;

	private static final int EPOLL_CTL_ADD = 1;

	private static final int EFD_CLOEXEC = 0x80000;

	private static final int EFD_NONBLOCK = 0x800;

	/**
	 * Ints per {@code struct epoll_event}: packed (12 bytes) on x86_64, 16 bytes else.
	 */
	private static final int EVENT_INTS = "amd64".equals(System.getProperty("os.arch")) ? 3 : 4;

	/** Where the low half of {@code epoll_data_t} lies, in ints. */
	private static final int DATA_INDEX = EVENT_INTS - 2;

	private static final int MAX_EVENTS = 64;

	private final int[] waitBuffer = new int[EVENT_INTS * MAX_EVENTS];

	JnaPidfdCalls() {
		String arch = System.getProperty("os.arch");
		if (!"amd64".equals(arch) && !"aarch64".equals(arch)) {
			throw new IllegalStateException("the pidfd calls are bound for amd64 and aarch64 only, not " + arch);
		}
		C.load();
	}

	@Override
	public int pidfdOpen(long pid) {
		try {
			return (int) C.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("pidfd_open(" + pid + ")", ex.getErrorCode());
		}
	}

	@Override
	public void pidfdSendSignal(int pidfd, int signal) {
		try {
			C.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("pidfd_send_signal", ex.getErrorCode());
		}
	}

	@Override
	public int epollCreate() {
		try {
			return C.epoll_create1(EPOLL_CLOEXEC);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("epoll_create1", ex.getErrorCode());
		}
	}

	@Override
	public void epollAdd(int epfd, int fd, int events) {
		int[] event = new int[EVENT_INTS];
		event[0] = events;
		event[DATA_INDEX] = fd;
		try {
			C.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, event);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("epoll_ctl(EPOLL_CTL_ADD)", ex.getErrorCode());
		}
	}

	@Override
	public int epollWait(int epfd, int[] ready, int timeoutMillis) {
		// Only the watcher's thread waits: one buffer is enough.
		int count;
		try {
			count = C.epoll_wait(epfd, this.waitBuffer, Math.min(MAX_EVENTS, ready.length), timeoutMillis);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("epoll_wait", ex.getErrorCode());
		}
		for (int i = 0; i < count; i++) {
			ready[i] = this.waitBuffer[i * EVENT_INTS + DATA_INDEX];
		}
		return count;
	}

	@Override
	public int eventfd() {
		try {
			return C.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("eventfd", ex.getErrorCode());
		}
	}

	@Override
	public void eventfdSignal(int eventfd) {
		try {
			C.write(eventfd, new long[] { 1 }, 8);
		}
		catch (LastErrorException ex) {
			throw new CallFailedException("write(eventfd)", ex.getErrorCode());
		}
	}

	@Override
	public void eventfdDrain(int eventfd) {
		try {
			C.read(eventfd, new long[1], 8);
		}
		catch (LastErrorException ex) {
			// EAGAIN: already drained.
		}
	}

	@Override
	public void close(int fd) {
		try {
			C.close(fd);
		}
		catch (LastErrorException ex) {
			// EINTR leaves the descriptor closed on Linux; EBADF cannot be acted on.
		}
	}

	@Override
	public String toString() {
		return "JnaPidfdCalls";
	}

	/**
	 * The C library, directly mapped (no proxy and no varargs per call).
	 */
	private static final class C {

		static {
			Native.register("c");
		}

		static void load() {
			// Runs the static initialiser, which binds the library.
		}

		// syscall(2) is variadic; on amd64 and aarch64 Linux integer arguments are
		// passed alike either way, and glibc reads all of them as longs.
		static native long syscall(long number, long a1, long a2, long a3, long a4) throws LastErrorException;

		static native int epoll_create1(int flags) throws LastErrorException;

		static native int epoll_ctl(int epfd, int op, int fd, int[] event) throws LastErrorException;

		static native int epoll_wait(int epfd, int[] events, int maxEvents, int timeout) throws LastErrorException;

		static native int eventfd(int initval, int flags) throws LastErrorException;

		static native long write(int fd, long[] buffer, long count) throws LastErrorException;

		static native long read(int fd, long[] buffer, long count) throws LastErrorException;

		static native int close(int fd) throws LastErrorException;

	}

}
