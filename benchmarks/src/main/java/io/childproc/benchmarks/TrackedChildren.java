package io.childproc.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A launcher that tracks {@link #tracked} live {@code sleep} children for the whole
 * trial; they are ended at tear-down. When the system property {@value #SHARED} is
 * {@code true} (benchmarks run in the runner's JVM, see {@link JmhRunner}), one launcher
 * and its children serve every benchmark of the same count, and {@link #endShared()} ends
 * them: starting 10,000 children once per benchmark would dominate the run.
 */
@State(Scope.Benchmark)
public class TrackedChildren {

	/** How many live children the launcher tracks. */
	static final String SHARED = "childproc.benchmarks.shared-children";

	private static final Map<Integer, TrackedChildren> shared = new HashMap<>();

	@Param({ "0", "10000" })
	public int tracked;

	DefaultProcessLauncher launcher;

	private List<ChildProcess> idle = List.of();

	@Setup(Level.Trial)
	public void startChildren() throws Exception {
		if (Boolean.getBoolean(SHARED)) {
			TrackedChildren children;
			synchronized (shared) {
				children = shared.get(this.tracked);
				if (children == null) {
					children = new TrackedChildren();
					children.tracked = this.tracked;
					children.start();
					shared.put(this.tracked, children);
				}
			}
			this.launcher = children.launcher;
			this.idle = children.idle;
			return;
		}
		start();
	}

	private void start() throws Exception {
		this.launcher = new DefaultProcessLauncher(Launchers.settings());
		this.idle = Launchers.startIdleChildren(this.launcher, this.tracked);
		if (this.launcher.counts().live() != this.tracked) {
			throw new IllegalStateException(
					"Expected " + this.tracked + " live children, the launcher counts " + this.launcher.counts());
		}
	}

	@TearDown(Level.Trial)
	public void endChildren() throws Exception {
		if (!Boolean.getBoolean(SHARED)) {
			end();
		}
	}

	private void end() throws Exception {
		// Kill first: close() would check every child's tree, which is not what is
		// measured here.
		Launchers.killDirectly(this.idle);
		this.launcher.close();
		this.idle = List.of();
	}

	/**
	 * Ends the children shared between benchmarks.
	 */
	static void endShared() throws Exception {
		synchronized (shared) {
			for (TrackedChildren children : shared.values()) {
				children.end();
			}
			shared.clear();
		}
	}

}
