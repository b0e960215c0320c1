package io.childproc.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What reaping before every start costs with many tracked live children: {@code reap()}
 * with nothing and with one child exited, and the whole {@code start} of
 * {@code /bin/true} (plus waiting for it) against raw {@link ProcessBuilder} in the same
 * JVM, whose difference is the launcher's bookkeeping.
 */
@BenchmarkMode(Mode.AverageTime)
public class ReapBenchmarks {

	@Benchmark
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public int reapNothingExited(TrackedChildren children) {
		return children.launcher.reap();
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public int reapOneExited(TrackedChildren children, OneExited oneExited) {
		int reaped = children.launcher.reap();
		if (reaped != 1) {
			throw new IllegalStateException("Expected to reap 1 child, reaped " + reaped);
		}
		return reaped;
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public int startAndWaitRaw(TrackedChildren children) throws Exception {
		return Launchers.rawProcessBuilder();
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public int startAndWaitLauncher(TrackedChildren children) throws Exception {
		return Launchers.launcher(children.launcher);
	}

	/**
	 * Before each call, one child of the launcher has exited and waits to be reaped.
	 */
	@State(Scope.Thread)
	public static class OneExited {

		@Setup(Level.Invocation)
		public void exitOne(TrackedChildren children) throws Exception {
			children.launcher.start(Launchers.TRUE).onExit().get(10, TimeUnit.SECONDS);
		}

	}

}
