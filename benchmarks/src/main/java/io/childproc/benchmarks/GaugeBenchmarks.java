package io.childproc.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.metrics.ChildProcessMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading every childproc gauge and function counter ({@link ChildProcessMetrics} bound to a
 * {@link SimpleMeterRegistry}), as a scrape does, with many tracked live children.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class GaugeBenchmarks {

	private List<Gauge> gauges;

	private List<FunctionCounter> counters;

	@Setup(Level.Trial)
	public void bind(TrackedChildren children) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ChildProcessMetrics(children.launcher).bindTo(registry);
		List<Meter> meters = registry.getMeters();
		this.gauges = meters.stream().filter(Gauge.class::isInstance).map(Gauge.class::cast).toList();
		this.counters = meters.stream().filter(FunctionCounter.class::isInstance).map(FunctionCounter.class::cast)
			.toList();
		if (this.gauges.size() < 3 || this.counters.size() < 3) {
			throw new IllegalStateException("Expected the binder's 3 gauges and 3 function counters, found "
					+ registry.getMetersAsString());
		}
	}

	@Benchmark
	public void readEveryGauge(TrackedChildren children, Blackhole blackhole) {
		for (Gauge gauge : this.gauges) {
			blackhole.consume(gauge.value());
		}
		for (FunctionCounter counter : this.counters) {
			blackhole.consume(counter.count());
		}
	}

}
