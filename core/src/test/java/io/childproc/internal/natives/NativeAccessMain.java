package io.childproc.internal.natives;

import java.util.concurrent.TimeUnit;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;

/**
 * An application that needs no native call: not PID 1, no subreaper. Starts a launcher
 * and a process-tree monitor with their defaults, runs one child and scans, then reports
 * on stdout whether JNA was loaded ({@code jna.loaded}, which JNA sets once its native
 * library is loaded).
 */
public final class NativeAccessMain {

	private NativeAccessMain() {
	}

	public static void main(String[] args) throws Exception {
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher();
				ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
						ProcessTreeMonitorSettings.defaults())) {
			ChildProcess child = launcher.start("sh", "-c", "exit 3");
			System.out.println("exit code " + child.onExit().get(30, TimeUnit.SECONDS).exitCode().getAsInt());
			System.out.println("zombies " + monitor.scan().zombieCount());
			System.out.println("reaps orphans " + monitor.reapsOrphans());
			// Closing with a live child ends its tree: that path must not load JNA
			// either.
			launcher.start("sleep", "60");
		}
		System.out.println("jna.loaded=" + System.getProperty("jna.loaded"));
		System.out.println("DONE");
	}

}
