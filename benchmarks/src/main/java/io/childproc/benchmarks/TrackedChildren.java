package io.childproc.benchmarks;

import java.util.List;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A launcher that tracks {@link #tracked} live {@code sleep} children for the whole trial; they are ended at
 * tear-down.
 */
@State(Scope.Benchmark)
public class TrackedChildren {

	/** How many live children the launcher tracks. */
	@Param({ "0", "10000" })
	public int tracked;

	DefaultProcessLauncher launcher;

	private List<ChildProcess> idle = List.of();

	@Setup(Level.Trial)
	public void startChildren() throws Exception {
		this.launcher = new DefaultProcessLauncher(Launchers.settings());
		this.idle = Launchers.startIdleChildren(this.launcher, this.tracked);
		if (this.launcher.counts().live() != this.tracked) {
			throw new IllegalStateException("Expected " + this.tracked + " live children, the launcher counts "
					+ this.launcher.counts());
		}
	}

	@TearDown(Level.Trial)
	public void endChildren() throws Exception {
		// close() alone would walk /proc once per child (ProcessHandle.descendants()): minutes at 10,000.
		Launchers.killDirectly(this.idle);
		this.launcher.close();
		this.idle = List.of();
	}

}
