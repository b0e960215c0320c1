package io.childproc.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.metrics.ChildProcessMetrics;
import io.childproc.metrics.ProcessTreeMetrics;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading every childproc gauge and function counter ({@link ChildProcessMetrics} and
 * {@link ProcessTreeMetrics} bound to a {@link SimpleMeterRegistry}), as a scrape does,
 * with many tracked live children. The process-tree gauges read the monitor's last scan
 * (its background scan is off here; see the tree-scan benchmarks).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class GaugeBenchmarks {

	private List<Gauge> gauges;

	private List<FunctionCounter> counters;

	private ProcessTreeMonitor monitor;

	@Setup(Level.Trial)
	public void bind(TrackedChildren children) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ChildProcessMetrics(children.launcher).bindTo(registry);
		this.monitor = new ProcessTreeMonitor(children.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO));
		this.monitor.scan();
		new ProcessTreeMetrics(this.monitor).bindTo(registry);
		List<Meter> meters = registry.getMeters();
		this.gauges = meters.stream().filter(Gauge.class::isInstance).map(Gauge.class::cast).toList();
		this.counters = meters.stream()
			.filter(FunctionCounter.class::isInstance)
			.map(FunctionCounter.class::cast)
			.toList();
		if (this.gauges.size() < 4 || this.counters.size() < 4) {
			throw new IllegalStateException(
					"Expected the binders' gauges and function counters, found " + registry.getMetersAsString());
		}
	}

	@TearDown(Level.Trial)
	public void stopMonitor() {
		this.monitor.close();
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
