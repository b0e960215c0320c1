package io.childproc.benchmarks;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and appends one line per measured iteration to a results file
 * that {@link Report} turns into the table:
 * {@code section TAB row TAB unit TAB value TAB baseline-row TAB target}.
 * <p>
 * Usage: {@code JmhRunner quick|full RESULTS_FILE forked|shared}: {@code forked} runs
 * every benchmark with no or 100 children in fresh JVMs; {@code shared} runs them with
 * 1,000 and 10,000 children (2,000 in quick mode) in this JVM (the endpoint, reap and
 * gauge benchmarks at 10,000), starting the children of each count once: on a busy
 * machine their start dominates a run; {@code big} runs only the reap, gauge and endpoint
 * benchmarks with CHILDREN (default 10,000) children that way; {@code steps} runs the
 * per-start step benchmarks in fresh JVMs.
 */
public final class JmhRunner {

	private JmhRunner() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3 || args.length > 4 || !(args[0].equals("quick") || args[0].equals("full"))
				|| !(args[2].equals("forked") || args[2].equals("shared") || args[2].equals("big")
						|| args[2].equals("steps"))) {
			System.err.println("Usage: JmhRunner quick|full RESULTS_FILE forked|shared|big|steps [CHILDREN]");
			System.exit(2);
		}
		boolean quick = args[0].equals("quick");
		Path results = Path.of(args[1]);
		String big = (args.length == 4) ? args[3] : quick ? "2000" : "10000";
		if (args[2].equals("steps")) {
			run(quick, quick ? 1 : 2, results, StartStepBenchmarks.class);
			return;
		}
		if (args[2].equals("forked")) {
			// A fresh JVM (a fork) per benchmark.
			int forks = quick ? 1 : 2;
			run(quick, forks, results, ReapBenchmarks.class, "0");
			run(quick, forks, results, GaugeBenchmarks.class, "0");
			run(quick, forks, results, EndpointBenchmarks.class, "0", "100");
			run(quick, forks, results, TreeScanBenchmarks.class, "0", "100");
			return;
		}
		// Many children: started once per count, in this JVM, and shared by the
		// benchmarks (no fork). One count at
		// a time, so that the tree scans see only their own.
		System.setProperty(TrackedChildren.SHARED, "true");
		try {
			if (args[2].equals("shared")) {
				run(quick, 0, results, GaugeBenchmarks.class, "1000");
				run(quick, 0, results, EndpointBenchmarks.class, "1000");
				run(quick, 0, results, TreeScanBenchmarks.class, "1000");
				TrackedChildren.endShared();
			}
			run(quick, 0, results, ReapBenchmarks.class, big);
			run(quick, 0, results, GaugeBenchmarks.class, big);
			run(quick, 0, results, EndpointBenchmarks.class, big);
		}
		finally {
			TrackedChildren.endShared();
		}
	}

	private static void run(boolean quick, int forks, Path results, Class<?> benchmarks, String... tracked)
			throws Exception {
		ChainedOptionsBuilder options = new OptionsBuilder().include(benchmarks.getName() + "\\.")
			.forks(forks)
			.warmupIterations(quick ? 1 : 3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(quick ? 2 : 6)
			.measurementTime(TimeValue.seconds(1))
			.shouldFailOnError(true);
		if (tracked.length > 0) {
			options.param("tracked", tracked);
		}
		Collection<RunResult> runs = new Runner(options.build()).run();
		try (PrintWriter out = new PrintWriter(
				Files.newBufferedWriter(results, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
			for (RunResult run : runs) {
				BenchmarkParams params = run.getParams();
				String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
				String param = params.getParam("tracked");
				int children = (param != null) ? Integer.parseInt(param) : 0;
				Row row = row(method, children);
				for (BenchmarkResult fork : run.getBenchmarkResults()) {
					for (IterationResult iteration : fork.getIterationResults()) {
						double score = iteration.getPrimaryResult().getScore();
						out.println(String.join("\t", row.section, row.label, iteration.getScoreUnit(),
								String.format(Locale.ROOT, "%.4f", score), row.baseline, row.target));
					}
				}
			}
		}
	}

	private static Row row(String method, int tracked) {
		String n = String.format(Locale.ROOT, "%,d", tracked);
		return switch (method) {
			case "reapNothingExited" -> new Row("2. Reap before start", "reap(), nothing exited, " + n + " tracked",
					"reap(), nothing exited, 0 tracked~0 tracked", (tracked > 0) ? "<=1.2" : "");
			case "reapOneExited" -> new Row("2. Reap before start", "reap(), 1 exited, " + n + " tracked",
					"reap(), 1 exited, 0 tracked~0 tracked", (tracked > 0) ? "<=1.2" : "");
			case "startAndWaitRaw" -> new Row("2. Reap before start",
					"raw ProcessBuilder start+wait of /bin/true, " + n + " tracked in the JVM",
					"raw ProcessBuilder start+wait of /bin/true, 0 tracked in the JVM~0 tracked", "");
			case "startAndWaitLauncher" ->
				new Row("2. Reap before start", "launcher start+wait of /bin/true, " + n + " tracked",
						"raw ProcessBuilder start+wait of /bin/true, " + n + " tracked in the JVM~raw, same JVM", "");
			case "readEveryGauge" ->
				new Row("3. Gauge read", "every childproc gauge and counter (SimpleMeterRegistry), " + n + " tracked",
						"every childproc gauge and counter (SimpleMeterRegistry), 0 tracked~0 tracked",
						(tracked > 0) ? "<=1.2" : "");
			case "readChildren" ->
				new Row("4. Endpoint summary", "ChildrenEndpoint.children() read operation, " + n + " tracked",
						(tracked > 100) ? "ChildrenEndpoint.children() read operation, 100 tracked~100 tracked" : "",
						(tracked > 100) ? "<=12" : "");
			case "jdkDescendants" ->
				new Row("5. Process-tree scan", "ProcessHandle.current().descendants(), " + n + " children", "", "");
			case "procTaskChildren" ->
				new Row("5. Process-tree scan", "walk /proc/<pid>/task/*/children, " + n + " children",
						"ProcessHandle.current().descendants(), " + n + " children~descendants()", "");
			case "procStatScan" -> new Row("5. Process-tree scan", "read every /proc/*/stat, " + n + " children",
					"ProcessHandle.current().descendants(), " + n + " children~descendants()", "");
			case "processTableList" -> new Row("5. Process-tree scan",
					"io.childproc.internal.linux.ProcessTable.list() (one pass), " + n + " children",
					"ProcessHandle.current().descendants(), " + n + " children~descendants()", "");
			case "processTableDescendants" -> new Row("5. Process-tree scan",
					"io.childproc.internal.linux.ProcessTable.descendants(), " + n + " children",
					"ProcessHandle.current().descendants(), " + n + " children~descendants()", "");
			case "monitorScan" -> new Row("5. Process-tree scan",
					"ProcessTreeMonitor.scan() (descendants, escaped, zombies), " + n + " children",
					"ProcessHandle.current().descendants(), " + n + " children~descendants()", "");
			case "zombieGaugeRead" -> new Row("5. Process-tree scan",
					"zombie gauge read (process.children.zombies), " + n + " children", "", "");
			case "stepBareProcessBuilder", "stepEnvironmentMarks", "stepReapNothingExited",
					"stepCgroupPidsCheckVisible", "stepCgroupPidsCheckNone", "stepThreadPerExit" ->
				startStep(method);
			default -> throw new IllegalArgumentException("No table row for benchmark " + method);
		};
	}

	private static Row startStep(String method) {
		String section = "1e. Per-start steps, each alone";
		String bare = "new ProcessBuilder(\"/bin/true\") (baseline)";
		return switch (method) {
			case "stepBareProcessBuilder" -> new Row(section, bare, "", "");
			case "stepEnvironmentMarks" -> new Row(section,
					"the launcher's copy of the builder with the two environment marks", bare + "~bare builder", "");
			case "stepReapNothingExited" -> new Row(section, "reap() before start, nothing exited", "", "");
			case "stepCgroupPidsCheckVisible" ->
				new Row(section, "cgroup v2 pids check, controller visible (files on tmpfs)", "", "");
			case "stepCgroupPidsCheckNone" -> new Row(section, "cgroup v2 pids check, no controller", "", "");
			default ->
				new Row(section, "a thread started and joined (what onExit() costs per exit at parallelism 1)", "", "");
		};
	}

	private record Row(String section, String label, String baseline, String target) {

	}

}
