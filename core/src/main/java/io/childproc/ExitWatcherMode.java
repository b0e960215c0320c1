package io.childproc;

/**
 * How a launcher learns that its children exited; see
 * {@link LauncherSettings.Builder#exitWatcher(ExitWatcherMode)}.
 */
public enum ExitWatcherMode {

	/**
	 * One thread waiting on the children's pidfds where Linux 5.3+, JNA and native access
	 * allow, else {@link #JDK}; the launcher logs once which runs and why.
	 */
	AUTO,

	/** The pidfd watcher, or a failure at start-up (saying why) where it cannot work. */
	PIDFD,

	/** {@link Process#onExit()}: a thread per exit on machines of two CPUs or fewer. */
	JDK

}
