package io.childproc.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading every childproc gauge with many tracked live children. Until the metrics binder is on main this reads
 * what the gauges read: {@code counts()} and {@code oldestUnreapedAge()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GaugeBenchmarks {

	@Benchmark
	public void readGauges(TrackedChildren children, Blackhole blackhole) {
		blackhole.consume(children.launcher.counts());
		blackhole.consume(children.launcher.oldestUnreapedAge());
	}

}
