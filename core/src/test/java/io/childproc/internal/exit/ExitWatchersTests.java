package io.childproc.internal.exit;

import java.util.concurrent.atomic.AtomicInteger;

import io.childproc.internal.exit.ExitWatchers.Mode;
import io.childproc.internal.exit.ExitWatchers.Selection;
import io.childproc.internal.natives.NativeAccess;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.PidfdCalls;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Picking the exit watcher: pidfd where it works, the jdk watcher where
 * {@code pidfd_open} fails (simulated as a seccomp profile or an old kernel answers) or
 * when asked for.
 */
class ExitWatchersTests {

	private final AtomicInteger jdkWatchersMade = new AtomicInteger();

	@Test
	void autoPicksThePidfdWatcherWherePidfdOpenWorks() {
		Processes.assumeLinux();
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		Selection selection = ExitWatchers.select(Mode.AUTO, this::jdkWatcher);
		try {
			assertThat(selection.watcher().name()).isEqualTo("pidfd");
			assertThat(selection.reason()).startsWith("pidfd_open works here (Linux ");
			assertThat(this.jdkWatchersMade).hasValue(0);
		}
		finally {
			selection.watcher().close();
		}
	}

	@Test
	void autoFallsBackToTheJdkWatcherWherePidfdOpenFails() {
		Processes.assumeLinux();
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		Selection selection = ExitWatchers.select(Mode.AUTO, this::jdkWatcher, () -> refusing(PidfdCalls.ENOSYS));
		assertThat(selection.watcher().name()).isEqualTo("jdk");
		assertThat(selection.reason()).contains("pidfd_open(").contains("ENOSYS").contains("seccomp");
	}

	@Test
	void pidfdFailsWithAClearMessageWherePidfdOpenFails() {
		Processes.assumeLinux();
		assumeThat(NativeAccess.enabled()).as("native access").isTrue();
		assertThatIllegalStateException()
			.isThrownBy(() -> ExitWatchers.select(Mode.PIDFD, this::jdkWatcher, () -> refusing(PidfdCalls.EPERM)))
			.withMessageStartingWith("The exit-watcher setting is pidfd, but pidfd_open(")
			.withMessageContaining("EPERM")
			.withMessageEndingWith("set it to auto (which then uses the jdk watcher) or to jdk");
		assertThat(this.jdkWatchersMade).hasValue(0);
	}

	@Test
	void jdkPicksTheJdkWatcherWithoutTouchingNativeCode() {
		Selection selection = ExitWatchers.select(Mode.JDK, this::jdkWatcher, () -> {
			throw new AssertionError("no native call expected");
		});
		assertThat(selection.watcher().name()).isEqualTo("jdk");
		assertThat(selection.reason()).isEqualTo("the exit-watcher setting is jdk");
	}

	@Test
	void aModeIsReadInAnyCaseAndABadOneIsNamed() {
		assertThat(Mode.parse(" PidFd ", "x")).isEqualTo(Mode.PIDFD);
		assertThatIllegalArgumentException().isThrownBy(() -> Mode.parse("epoll", "The system property x"))
			.withMessage("The system property x is 'epoll', which is no exit watcher: use auto, pidfd or jdk");
	}

	private ExitWatcher jdkWatcher() {
		this.jdkWatchersMade.incrementAndGet();
		return new ExitWatcher() {

			@Override
			public String name() {
				return "jdk";
			}

			@Override
			public Watch watch(Process process, Runnable exited) {
				process.onExit().thenRun(exited);
				return (signal) -> false;
			}

			@Override
			public void close() {
			}

		};
	}

	/**
	 * The real calls, except that {@code pidfd_open} fails as a seccomp profile or a
	 * kernel older than 5.3 makes it fail.
	 */
	private static PidfdCalls refusing(int errno) {
		PidfdCalls real = Natives.pidfdCalls();
		return new PidfdCalls() {

			@Override
			public int pidfdOpen(long pid) {
				throw new CallFailedException("pidfd_open(" + pid + ")", errno);
			}

			@Override
			public void pidfdSendSignal(int pidfd, int signal) {
				real.pidfdSendSignal(pidfd, signal);
			}

			@Override
			public int epollCreate() {
				return real.epollCreate();
			}

			@Override
			public void epollAdd(int epfd, int fd, int events) {
				real.epollAdd(epfd, fd, events);
			}

			@Override
			public int epollWait(int epfd, int[] ready, int timeoutMillis) {
				return real.epollWait(epfd, ready, timeoutMillis);
			}

			@Override
			public int eventfd() {
				return real.eventfd();
			}

			@Override
			public void eventfdSignal(int eventfd) {
				real.eventfdSignal(eventfd);
			}

			@Override
			public void eventfdDrain(int eventfd) {
				real.eventfdDrain(eventfd);
			}

			@Override
			public void close(int fd) {
				real.close(fd);
			}

		};
	}

}
