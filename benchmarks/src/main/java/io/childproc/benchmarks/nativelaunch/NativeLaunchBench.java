package io.childproc.benchmarks.nativelaunch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The native launch experiment in one JVM: a smoke check of the native path, then rounds
 * of launch rates of {@code /bin/true} by every {@link LaunchMode}, interleaved (the
 * order rotates each round), on a quiet JVM and with extra open descriptors; then what
 * live children cost and how fast each path launches with many of them, native first,
 * then ProcessBuilder. Prints markdown on standard output, progress on standard error;
 * exits non-zero when a check fails.
 * <p>
 * Usage:
 * {@code NativeLaunchBench SPAWN_LIMIT ROUNDS WARMUP_S MEASURE_S EXTRA_FDS LIVE LIVE_ROUNDS [raw-first]}
 * ({@code SPAWN_LIMIT} is the compiled {@code spawn_limit.c}; {@code LIVE} 0 skips the
 * live-children part; {@code raw-first} starts the ProcessBuilder live children before
 * the native ones: the phase that comes second inherits a grown heap, so its resident
 * memory per child reads low, and runs should alternate the order).
 */
public final class NativeLaunchBench {

	private static final List<LaunchMode> LIVE_MODES = List.of(LaunchMode.RAW, LaunchMode.NATIVE_PIPES,
			LaunchMode.NATIVE_NULL, LaunchMode.C_PLAIN);

	private final LaunchMode.Context context;

	private final double warmup;

	private final double measure;

	private final Results results = new Results();

	private final List<Double> loads = new ArrayList<>();

	private NativeLaunchBench(LaunchMode.Context context, double warmup, double measure) {
		this.context = context;
		this.warmup = warmup;
		this.measure = measure;
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 7 && !(args.length == 8 && args[7].equals("raw-first"))) {
			System.err.println("Usage: NativeLaunchBench SPAWN_LIMIT ROUNDS WARMUP_S MEASURE_S EXTRA_FDS LIVE "
					+ "LIVE_ROUNDS [raw-first]");
			System.exit(2);
		}
		int rounds = Integer.parseInt(args[1]);
		int extra = Integer.parseInt(args[4]);
		int live = Integer.parseInt(args[5]);
		int liveRounds = Integer.parseInt(args[6]);
		try (PidfdWatcher watcher = new PidfdWatcher()) {
			NativeSpawner spawner = new NativeSpawner(watcher);
			NativeLaunchBench bench = new NativeLaunchBench(new LaunchMode.Context(spawner, args[0], 0),
					Double.parseDouble(args[2]), Double.parseDouble(args[3]));
			int fdsBefore = OpenDescriptors.count();
			StringBuilder smoke = new StringBuilder(SmokeCheck.run(spawner));
			try (OpenDescriptors descriptors = OpenDescriptors.open(extra)) {
				smoke.append(SmokeCheck.run(spawner)
					.lines()
					.filter((line) -> line.contains("descriptors 0, 1 and 2"))
					.findFirst()
					.orElseThrow());
				smoke.append('\n');
			}
			System.err.print("== Smoke check passed:\n" + smoke);
			bench.launchRounds(rounds, extra);
			if (live > 0) {
				boolean rawFirst = args.length == 8;
				bench.liveRounds(rawFirst ? null : spawner, live, liveRounds);
				bench.liveRounds(rawFirst ? spawner : null, live, liveRounds);
				// One pair only: the C launcher starts and ends its own children for each
				// measurement, minutes each on a loaded machine.
				bench.cLiveRounds(live, 1);
			}
			SmokeCheck.nothingLeft(watcher);
			int fdsAfter = OpenDescriptors.count();
			if (fdsAfter > fdsBefore + 4) {
				throw new IllegalStateException(
						"Descriptors leaked: " + fdsBefore + " before the run, " + fdsAfter + " after");
			}
			bench.print(smoke.toString(), extra, live, fdsBefore, fdsAfter);
		}
	}

	private void launchRounds(int rounds, int extra) throws Exception {
		LaunchMode[] modes = LaunchMode.values();
		String quiet = "quiet JVM";
		String many = String.format(Locale.ROOT, "%,d extra descriptors", extra);
		for (int round = 0; round < rounds; round++) {
			// Alternate which condition comes first, and rotate the modes.
			for (int c = 0; c < 2; c++) {
				boolean extraFirst = (round % 2 == 1);
				boolean withExtra = (c == 0) == extraFirst;
				try (OpenDescriptors descriptors = OpenDescriptors.open(withExtra ? extra : 0)) {
					for (int i = 0; i < modes.length; i++) {
						LaunchMode mode = modes[(i + round) % modes.length];
						LaunchMode.Measurement measurement = mode.rate(this.context, this.warmup, this.measure,
								withExtra ? extra : 0);
						this.results.add(withExtra ? many : quiet, mode, measurement);
						progress(round, withExtra ? many : quiet, mode, measurement);
					}
				}
			}
		}
	}

	private void liveRounds(NativeSpawner spawner, int live, int rounds) throws Exception {
		progress("starting " + live + " live children " + ((spawner != null) ? "natively" : "with ProcessBuilder"));
		try (LiveChildren children = LiveChildren.start(spawner, live)) {
			this.results.addMemoryRow(children.row());
			progress("cost per child: " + children.row().trim());
			String condition = children.describe();
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < LIVE_MODES.size(); i++) {
					LaunchMode mode = LIVE_MODES.get((i + round) % LIVE_MODES.size());
					LaunchMode.Measurement measurement = mode.rate(this.context, this.warmup, this.measure, 0);
					this.results.add(condition, mode, measurement);
					progress(round, condition, mode, measurement);
				}
			}
			int alive = children.alive();
			if (alive != live) {
				throw new IllegalStateException("Only " + alive + " of the " + live
						+ " idle children were still alive at the end of their phase: its figures would be wrong");
			}
		}
	}

	/**
	 * Whether a parent with many children launches more slowly whatever the language: the
	 * C launcher with none and with its own live children, alternating.
	 */
	private void cLiveRounds(int live, int rounds) throws Exception {
		for (int round = 0; round < rounds; round++) {
			for (int c = 0; c < 2; c++) {
				int count = ((c + round) % 2 == 0) ? 0 : live;
				String condition = cLiveCondition(count);
				LaunchMode.Measurement measurement = LaunchMode.C_PLAIN.rate(this.context.withCLiveChildren(count),
						this.warmup, this.measure, 0);
				this.results.add(condition, LaunchMode.C_PLAIN, measurement);
				progress(round, condition, LaunchMode.C_PLAIN, measurement);
			}
		}
	}

	private static String cLiveCondition(int count) {
		return String.format(Locale.ROOT, "C launcher with %,d live children of its own", count);
	}

	private void progress(int round, String condition, LaunchMode mode, LaunchMode.Measurement measurement)
			throws IOException {
		progress(String.format(Locale.ROOT, "round %d, %s, %s: %.1f launches/s, %.2f CPU ms/launch", round + 1,
				condition, mode.label(), measurement.rate(), measurement.cpuMillis()));
	}

	private void progress(String message) throws IOException {
		String load = Files.readString(Path.of("/proc/loadavg")).trim();
		this.loads.add(Double.parseDouble(load.split(" ")[0]));
		System.err.println("   " + message + "   [load " + load + "]");
	}

	private void print(String smoke, int extra, int live, int fdsBefore, int fdsAfter) {
		String quiet = "quiet JVM";
		String many = String.format(Locale.ROOT, "%,d extra descriptors", extra);
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Load average (1 min) during the run: %.2f - %.2f, median %.2f.%n%n",
				Results.min(this.loads), Results.max(this.loads), Results.median(this.loads)));
		out.append("### Smoke check of the native path (passed)\n\n").append(smoke).append('\n');
		out.append(String.format(Locale.ROOT, "Descriptors of the JVM before the run %d, after %d; no child left.%n%n",
				fdsBefore, fdsAfter));
		out.append("### Launch rates of /bin/true (one thread; ratios paired round by round)\n\n")
			.append(this.results.rateTable())
			.append('\n');
		out.append("### Targets and key ratios\n\n| what | paired ratio, median (min - max) | target | verdict |\n"
				+ "|---|---|---|---|\n");
		target(out, "native, 3 pipes / raw ProcessBuilder + waitFor, quiet JVM",
				this.results.paired(quiet, LaunchMode.NATIVE_PIPES, quiet, LaunchMode.RAW), 2);
		target(out, "native, /dev/null / raw ProcessBuilder + waitFor, quiet JVM",
				this.results.paired(quiet, LaunchMode.NATIVE_NULL, quiet, LaunchMode.RAW), 2);
		target(out, "native, 3 pipes / raw ProcessBuilder + waitFor, " + many,
				this.results.paired(many, LaunchMode.NATIVE_PIPES, many, LaunchMode.RAW), 5);
		target(out, "native, /dev/null / raw ProcessBuilder + waitFor, " + many,
				this.results.paired(many, LaunchMode.NATIVE_NULL, many, LaunchMode.RAW), 5);
		target(out, "CPU per launch, native, 3 pipes / raw ProcessBuilder + waitFor, quiet JVM (lower is cheaper)",
				this.results.pairedCpu(quiet, LaunchMode.NATIVE_PIPES, quiet, LaunchMode.RAW), 0);
		target(out, "CPU per launch, native, 3 pipes / raw ProcessBuilder + waitFor, " + many + " (lower is cheaper)",
				this.results.pairedCpu(many, LaunchMode.NATIVE_PIPES, many, LaunchMode.RAW), 0);
		for (LaunchMode mode : LaunchMode.values()) {
			target(out, mode.label() + ": " + many + " / quiet", this.results.paired(many, mode, quiet, mode), 0);
		}
		target(out, "native, 3 pipes / C posix_spawn + close_range + pidfd/epoll, quiet JVM",
				this.results.paired(quiet, LaunchMode.NATIVE_PIPES, quiet, LaunchMode.C_PIDFD), 0);
		if (live > 0) {
			String nativeLive = String.format(Locale.ROOT, "%,d native live children", live);
			String jdkLive = String.format(Locale.ROOT, "%,d ProcessBuilder live children", live);
			double nativeRate = Results.median(this.results.rates(nativeLive, LaunchMode.NATIVE_PIPES));
			double rawRate = Results.median(this.results.rates(jdkLive, LaunchMode.RAW));
			out.append(String.format(Locale.ROOT,
					"| native, 3 pipes, with its %,d live children / raw ProcessBuilder with its %,d "
							+ "(medians of two phases, not paired) | %.2fx (%.1f vs %.1f launches/s) | | |%n",
					live, live, nativeRate / rawRate, nativeRate, rawRate));
		}
		if (live > 0) {
			target(out,
					"C posix_spawn + waitpid with " + cLiveCondition(live).substring("C launcher with ".length())
							+ " / with none (rate)",
					this.results.paired(cLiveCondition(live), LaunchMode.C_PLAIN, cLiveCondition(0),
							LaunchMode.C_PLAIN),
					0);
			target(out, "the same, CPU per launch (lower is cheaper)", this.results.pairedCpu(cLiveCondition(live),
					LaunchMode.C_PLAIN, cLiveCondition(0), LaunchMode.C_PLAIN), 0);
		}
		out.append('\n');
		if (live > 0) {
			out.append("### What live idle children cost the JVM (sleep 3600, standard streams to /dev/null)\n\n")
				.append(this.results.memoryTable())
				.append('\n');
		}
		System.out.print(out);
	}

	private static void target(StringBuilder out, String what, List<Double> ratios, double target) {
		String verdict = "";
		if (target > 0 && !ratios.isEmpty()) {
			double median = Results.median(ratios);
			verdict = (median >= target) ? "**met**"
					: String.format(Locale.ROOT, "**missed** by %.0f%%", 100 * (1 - median / target));
		}
		out.append("| ")
			.append(what)
			.append(" | ")
			.append(Results.describe(ratios))
			.append(" | ")
			.append((target > 0) ? ">= " + Results.format(target) + "x" : "")
			.append(" | ")
			.append(verdict)
			.append(" |\n");
	}

}
