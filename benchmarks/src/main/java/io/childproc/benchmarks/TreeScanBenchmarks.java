package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.metrics.ProcessTreeMetrics;
import io.micrometer.core.instrument.Gauge;
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

/**
 * Ways of listing the JVM's descendants, with the launcher's live children
 * ({@link TrackedChildren}): the JDK's {@code ProcessHandle.current().descendants()}, a
 * walk of {@code /proc/<pid>/task/<tid>/children} from our pid, a read of every
 * {@code /proc/<pid>/stat} into a parent map, and what the code offers:
 * {@link ProcessTable}'s one pass over every {@code stat} ({@code list}) and its
 * {@code descendants} (the pass, then the command line and program file of each
 * descendant), the {@link ProcessTreeMonitor}'s whole scan (descendants, escape
 * detection, lasting zombies, cgroup pids) and a read of its zombie gauge.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TreeScanBenchmarks {

	private static final long SELF = ProcessHandle.current().pid();

	@Benchmark
	public long jdkDescendants(TrackedChildren children) {
		return ProcessHandle.current().descendants().count();
	}

	@Benchmark
	public int procTaskChildren(TrackedChildren children) throws IOException {
		return descendantsByTaskChildren(SELF).size();
	}

	@Benchmark
	public int procStatScan(TrackedChildren children) throws IOException {
		return descendantsByStatScan(SELF).size();
	}

	@Benchmark
	public int processTableList(TrackedChildren children) {
		return LinuxProcessTable.system().list().size();
	}

	@Benchmark
	public int processTableDescendants(TrackedChildren children) {
		return LinuxProcessTable.system().descendants(SELF).size();
	}

	@Benchmark
	public Object monitorScan(Monitor monitor) {
		return monitor.monitor.scan();
	}

	@Benchmark
	public double zombieGaugeRead(Monitor monitor) {
		return monitor.zombies.value();
	}

	/**
	 * A process-tree monitor of the launcher, without its background scan, and its zombie
	 * gauge.
	 */
	@State(Scope.Benchmark)
	public static class Monitor {

		ProcessTreeMonitor monitor;

		Gauge zombies;

		@Setup(Level.Trial)
		public void start(TrackedChildren children) {
			this.monitor = new ProcessTreeMonitor(children.launcher.launchedChildren(),
					ProcessTreeMonitorSettings.defaults().withScanInterval(java.time.Duration.ZERO));
			this.monitor.scan();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new ProcessTreeMetrics(this.monitor).bindTo(registry);
			this.zombies = registry.get(ProcessTreeMetrics.ZOMBIES).gauge();
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.monitor.close();
		}

	}

	static List<Long> descendantsByTaskChildren(long root) throws IOException {
		List<Long> found = new ArrayList<>();
		ArrayDeque<Long> pending = new ArrayDeque<>();
		pending.add(root);
		Long pid;
		while ((pid = pending.poll()) != null) {
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid.toString(), "task"))) {
				for (Path task : tasks) {
					String children;
					try {
						children = Files.readString(task.resolve("children"), StandardCharsets.ISO_8859_1);
					}
					catch (IOException ex) {
						continue; // the thread ended
					}
					for (String child : children.trim().split(" ")) {
						if (!child.isEmpty()) {
							Long childPid = Long.valueOf(child);
							found.add(childPid);
							pending.add(childPid);
						}
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}
		return found;
	}

	static List<Long> descendantsByStatScan(long root) throws IOException {
		Map<Long, List<Long>> childrenOf = new HashMap<>();
		try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
			for (Path entry : proc) {
				String name = entry.getFileName().toString();
				if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
					continue;
				}
				String stat;
				try {
					stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
				}
				catch (IOException ex) {
					continue;
				}
				int end = stat.lastIndexOf(')');
				// ") S PPID ..."
				int ppidStart = end + 4;
				int ppidEnd = stat.indexOf(' ', ppidStart);
				long ppid = Long.parseLong(stat, ppidStart, ppidEnd, 10);
				childrenOf.computeIfAbsent(ppid, (key) -> new ArrayList<>()).add(Long.valueOf(name));
			}
		}
		List<Long> found = new ArrayList<>();
		ArrayDeque<Long> pending = new ArrayDeque<>();
		pending.add(root);
		Long pid;
		while ((pid = pending.poll()) != null) {
			for (Long child : childrenOf.getOrDefault(pid, List.of())) {
				found.add(child);
				pending.add(child);
			}
		}
		return found;
	}

}
