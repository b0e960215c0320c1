package io.childproc.benchmarks.nativelaunch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The ways of launching {@code /bin/true} and waiting for it that the experiment
 * compares, all from the same JVM: the C ones run the {@code spawn_limit} helper as one
 * child that launches in a loop for the measured time.
 */
enum LaunchMode {

	/** C {@code posix_spawn} + {@code waitpid}, nothing else (the machine's limit). */
	C_PLAIN("C posix_spawn + waitpid"),

	/**
	 * C doing what the native path does: /dev/null, close_range, pidfd, epoll, waitid.
	 */
	C_PIDFD("C posix_spawn + close_range + pidfd/epoll"),

	/** {@code new ProcessBuilder("/bin/true").start().waitFor()}. */
	RAW("raw ProcessBuilder + waitFor"),

	/** {@code new ProcessBuilder("/bin/true").start().onExit().join()}. */
	RAW_ON_EXIT("raw ProcessBuilder + onExit"),

	/** posix_spawn through JNA with three pipes, exit through the pidfd watcher. */
	NATIVE_PIPES("native (JNA posix_spawn), 3 pipes"),

	/** posix_spawn through JNA with /dev/null, exit through the pidfd watcher. */
	NATIVE_NULL("native (JNA posix_spawn), /dev/null");

	static final String TRUE = "/bin/true";

	private final String label;

	LaunchMode(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	boolean isC() {
		return this == C_PLAIN || this == C_PIDFD;
	}

	/**
	 * Measures the launch rate of this mode.
	 * @param context what the modes need
	 * @param warmup seconds of warm-up
	 * @param measure seconds measured
	 * @param extraDescriptors the extra descriptors the JVM holds (the C helper opens as
	 * many itself)
	 * @return launches per second and CPU time per launch
	 */
	Measurement rate(Context context, double warmup, double measure, int extraDescriptors) throws Exception {
		if (isC()) {
			return cRate(context, warmup, measure, extraDescriptors);
		}
		loop(context, warmup);
		long cpuStart = LibC.cpuNanos();
		long start = System.nanoTime();
		long launches = loop(context, measure);
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Measurement(launches / seconds, (LibC.cpuNanos() - cpuStart) / 1e6 / launches);
	}

	private long loop(Context context, double seconds) throws Exception {
		long end = System.nanoTime() + (long) (seconds * 1e9);
		long launches = 0;
		while (System.nanoTime() < end) {
			int exit = launchOnce(context);
			if (exit != 0) {
				throw new IllegalStateException(this.label + ": /bin/true exited with " + exit);
			}
			launches++;
		}
		return launches;
	}

	private int launchOnce(Context context) throws Exception {
		switch (this) {
			case RAW:
				return new ProcessBuilder(TRUE).start().waitFor();
			case RAW_ON_EXIT:
				return new ProcessBuilder(TRUE).start().onExit().join().exitValue();
			case NATIVE_PIPES: {
				NativeChild child = context.spawner().spawn(NativeSpawner.Stdio.PIPES, TRUE);
				int exit = child.waitFor();
				child.closeStreams();
				return exit;
			}
			case NATIVE_NULL:
				return context.spawner().spawn(NativeSpawner.Stdio.NULL, TRUE).waitFor();
			default:
				throw new IllegalStateException(this + " runs in C");
		}
	}

	private Measurement cRate(Context context, double warmup, double measure, int extraDescriptors) throws Exception {
		Process process = new ProcessBuilder(context.cLimit(), Double.toString(warmup), Double.toString(measure),
				(this == C_PLAIN) ? "plain" : "pidfd", Integer.toString(extraDescriptors),
				Integer.toString(context.cLiveChildren()))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String line;
		String cpu;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
			line = out.readLine();
			cpu = out.readLine();
		}
		int exit = process.waitFor();
		if (exit != 0 || line == null || cpu == null || !cpu.startsWith("cpu-ms-per-launch ")) {
			throw new IOException(context.cLimit() + " exited with " + exit + " and printed " + line + ", " + cpu);
		}
		return new Measurement(Double.parseDouble(line.trim()),
				Double.parseDouble(cpu.substring("cpu-ms-per-launch ".length()).trim()));
	}

	/**
	 * One measurement.
	 *
	 * @param rate launches per second
	 * @param cpuMillis CPU time per launch of the launching process and its children (the
	 * JVM's every thread included), in milliseconds: unlike the rate, it barely moves
	 * when other work competes for the cores
	 */
	record Measurement(double rate, double cpuMillis) {

	}

	/**
	 * What the modes need.
	 *
	 * @param spawner the native spawner
	 * @param cLimit the path of the compiled {@code spawn_limit.c}
	 * @param cLiveChildren how many idle children the C launcher starts (and ends) around
	 * its measurement
	 */
	record Context(NativeSpawner spawner, String cLimit, int cLiveChildren) {

		Context withCLiveChildren(int count) {
			return new Context(this.spawner, this.cLimit, count);
		}

	}

}
