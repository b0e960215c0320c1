package io.childproc.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.childproc.actuate.ChildrenEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

/**
 * The {@code /actuator/children} read operation (every tracked child with its
 * descendants, and the recent exits) with many tracked live children; the operation
 * alone, without HTTP and JSON.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class EndpointBenchmarks {

	private ChildrenEndpoint endpoint;

	@Setup(Level.Trial)
	public void createEndpoint(TrackedChildren children) {
		this.endpoint = new ChildrenEndpoint(children.launcher, List.of(), Show.NEVER, Set.of(), Duration.ofSeconds(5),
				List.of());
	}

	@Benchmark
	public Object readChildren(TrackedChildren children) {
		return this.endpoint.children(SecurityContext.NONE);
	}

}
