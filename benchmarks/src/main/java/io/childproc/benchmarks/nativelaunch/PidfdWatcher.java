package io.childproc.benchmarks.nativelaunch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;

/**
 * Learns of every child's exit on one thread: each child's pidfd sits in one epoll set,
 * becomes readable when the child exits, and the thread then reaps that one child
 * ({@link NativeChild#reap}). An eventfd in the same set wakes the thread to stop.
 */
final class PidfdWatcher implements AutoCloseable {

	private static final int BATCH = 64;

	private final int epollFd;

	private final int wakeFd;

	private final Map<Integer, NativeChild> children = new ConcurrentHashMap<>();

	private final Thread thread;

	private volatile boolean closed;

	PidfdWatcher() {
		this.epollFd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
		if (this.epollFd < 0) {
			throw LibC.failure("epoll_create1", LibC.errno());
		}
		this.wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
		if (this.wakeFd < 0) {
			throw LibC.failure("eventfd", LibC.errno());
		}
		add(this.wakeFd);
		this.thread = new Thread(this::run, "pidfd-exit-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void watch(NativeChild child) {
		int pidfd = child.pidfd();
		this.children.put(pidfd, child);
		add(pidfd);
	}

	int watched() {
		return this.children.size();
	}

	private void add(int fd) {
		Memory event = new Memory(LibC.EPOLL_EVENT_SIZE);
		event.setInt(0, LibC.EPOLLIN);
		event.setLong(LibC.EPOLL_EVENT_DATA, fd);
		if (LibC.epoll_ctl(this.epollFd, LibC.EPOLL_CTL_ADD, fd, event) != 0) {
			throw LibC.failure("epoll_ctl(EPOLL_CTL_ADD, " + fd + ")", LibC.errno());
		}
	}

	private void run() {
		Memory events = new Memory((long) BATCH * LibC.EPOLL_EVENT_SIZE);
		Memory info = new Memory(LibC.SIGINFO_SIZE);
		while (true) {
			int ready = LibC.epoll_wait(this.epollFd, events, BATCH, -1);
			if (ready < 0) {
				int errno = LibC.errno();
				if (errno == LibC.EINTR) {
					continue;
				}
				IllegalStateException failure = LibC.failure("epoll_wait", errno);
				failure.printStackTrace();
				this.children.values().forEach((child) -> child.onExit().completeExceptionally(failure));
				return;
			}
			for (int i = 0; i < ready; i++) {
				int fd = (int) events.getLong((long) i * LibC.EPOLL_EVENT_SIZE + LibC.EPOLL_EVENT_DATA);
				if (fd == this.wakeFd) {
					if (this.closed) {
						return;
					}
					continue;
				}
				NativeChild child = this.children.remove(fd);
				if (child != null) {
					// Closing the pidfd in reap() also takes it out of the epoll set.
					child.reap(info);
				}
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		byte[] one = { 1, 0, 0, 0, 0, 0, 0, 0 };
		LibC.write(this.wakeFd, one, 8);
		this.thread.join(10_000);
		LibC.close(this.wakeFd);
		LibC.close(this.epollFd);
	}

}
