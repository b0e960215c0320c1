package io.childproc.internal.exit;

/**
 * The {@link ExitWatcher} that works everywhere: it learns of each exit from
 * {@link Process#onExit()}, whose completion the JDK runs on its own pool. It holds no
 * handle that could signal a child, so {@link Watch#signal(int)} always returns
 * {@code false} and the caller signals by pid, after checking the start time.
 */
public final class JdkExitWatcher implements ExitWatcher {

	private static final Watch NO_HANDLE = (signal) -> false;

	private volatile boolean closed;

	@Override
	public String name() {
		return "jdk";
	}

	@Override
	public Watch watch(Process process, Runnable exited) {
		process.onExit().whenComplete((ignored, failure) -> {
			if (!this.closed) {
				exited.run();
			}
		});
		return NO_HANDLE;
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public String toString() {
		return "JdkExitWatcher";
	}

}
