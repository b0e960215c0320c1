package io.childproc.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

/**
 * The {@code /actuator/children} read operation (every tracked child with its
 * descendants, the recent exits, zombies, escaped processes) with many tracked live
 * children, fed by a {@link ProcessTreeMonitor} as the auto-configuration does; the
 * operation alone, without HTTP and JSON. The monitor scans once before the measurement
 * (its background scan is off), so that every read finds each child's descendants in the
 * snapshot.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class EndpointBenchmarks {

	private ChildrenEndpoint endpoint;

	private ProcessTreeMonitor monitor;

	@Setup(Level.Trial)
	public void createEndpoint(TrackedChildren children) {
		this.monitor = new ProcessTreeMonitor(children.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO));
		this.monitor.scan();
		this.endpoint = new ChildrenEndpoint(children.launcher, List.of(), Show.NEVER, Set.of(), Duration.ofSeconds(5),
				List.of(), this.monitor);
	}

	@TearDown(Level.Trial)
	public void closeMonitor() {
		this.monitor.close();
	}

	@Benchmark
	public Object readChildren(TrackedChildren children) {
		return this.endpoint.children(SecurityContext.NONE);
	}

}
