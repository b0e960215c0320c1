package io.childproc;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that complete the futures {@link ChildProcess#onExit()} hands out, and so
 * run the application's stages: never the thread that watches exits, never the JDK's
 * common pool. A cached pool of daemon threads named {@code childproc-callbacks}, shared
 * by all launchers: a slow stage holds one thread of its own and no one else's exit.
 */
final class CallbackExecutor implements Executor {

	static final Executor EXECUTOR = new CallbackExecutor();

	private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
			new SynchronousQueue<>(), DaemonThreads.named("childproc-callbacks"));

	private CallbackExecutor() {
	}

	@Override
	public void execute(Runnable command) {
		try {
			this.pool.execute(command);
		}
		catch (RejectedExecutionException | OutOfMemoryError ex) {
			// No thread can be created (a thread limit): completing the waiters here is
			// better than never completing them.
			command.run();
		}
	}

}
