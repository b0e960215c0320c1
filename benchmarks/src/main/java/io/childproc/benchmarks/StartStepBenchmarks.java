package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.linux.CgroupPids;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What each step of the launcher's start path costs on its own, against a bare
 * {@code new ProcessBuilder}: the reap before start, the cgroup v2 pids check (with a
 * controller visible: {@code pids.current} and {@code pids.max} in a temporary folder, as
 * in a container; and with none), the copy of the caller's builder with the environment
 * marks, and the thread that {@link Process#onExit()} starts per exit where the common
 * pool's parallelism is 1 (the {@code jdk} watcher's cost, which the {@code pidfd}
 * watcher does not pay).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class StartStepBenchmarks {

	private DefaultProcessLauncher launcher;

	private Path cgroup;

	private CgroupPids visible;

	@Setup
	public void setUp() throws IOException {
		this.launcher = new DefaultProcessLauncher(Launchers.settings());
		this.cgroup = Files.createTempDirectory("childproc-cgroup");
		Files.writeString(this.cgroup.resolve("pids.max"), "100000\n");
		Files.writeString(this.cgroup.resolve("pids.current"), "120\n");
		this.visible = new CgroupPids(this.cgroup);
	}

	@TearDown
	public void tearDown() throws IOException {
		this.launcher.close();
		Files.delete(this.cgroup.resolve("pids.max"));
		Files.delete(this.cgroup.resolve("pids.current"));
		Files.delete(this.cgroup);
	}

	@Benchmark
	public ProcessBuilder stepBareProcessBuilder() {
		return new ProcessBuilder(Launchers.TRUE);
	}

	/**
	 * The launcher's copy of a caller's new builder with the two marks, as
	 * {@code MarkingBuilder.copyOf} makes it (the caller's builder is never changed).
	 */
	@Benchmark
	public ProcessBuilder stepEnvironmentMarks() {
		ProcessBuilder caller = new ProcessBuilder(Launchers.TRUE);
		ProcessBuilder copy = new ProcessBuilder(List.copyOf(caller.command()));
		copy.directory(caller.directory());
		Map<String, String> environment = copy.environment();
		environment.clear();
		environment.putAll(caller.environment());
		environment.put("CHILDPROC_OWNER", "0123456789abcdef");
		environment.put("CHILDPROC_CHILD", "12345");
		copy.redirectInput(caller.redirectInput());
		copy.redirectOutput(caller.redirectOutput());
		copy.redirectError(caller.redirectError());
		copy.redirectErrorStream(caller.redirectErrorStream());
		return copy;
	}

	@Benchmark
	public int stepReapNothingExited() {
		return this.launcher.reap();
	}

	@Benchmark
	public String stepCgroupPidsCheckVisible() {
		return this.visible.refusal("[true]");
	}

	@Benchmark
	public String stepCgroupPidsCheckNone() {
		return CgroupPids.NONE.refusal("[true]");
	}

	@Benchmark
	public Thread stepThreadPerExit() throws InterruptedException {
		Thread thread = new Thread(() -> {
		});
		thread.start();
		thread.join();
		return thread;
	}

}
