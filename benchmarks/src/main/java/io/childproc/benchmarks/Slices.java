package io.childproc.benchmarks;

/**
 * Launches in a loop for a fixed time, a slice of an interleaved comparison of launch
 * rates. Plain JDK: the die-with-the-JVM experiment compiles it with javac alone, beside
 * {@link DieWithJvm}.
 */
final class Slices {

	private Slices() {
	}

	/**
	 * Launches one after another, each waited for, until the time is up (at least once).
	 * @param launch one launch of {@code /bin/true}, waited for
	 * @param seconds how long
	 * @param cpu the CPU clock to read before and after, in nanoseconds
	 * @return the launches per second, the CPU nanoseconds per launch and the count of
	 * launches
	 * @throws Exception when a launch fails or exits with another status than 0
	 */
	static Slice measure(Launch launch, double seconds, CpuClock cpu) throws Exception {
		long cpuStart = cpu.nanos();
		long start = System.nanoTime();
		long end = start + (long) (seconds * 1e9);
		long launches = 0;
		long now;
		do {
			int exit = launch.run();
			if (exit != 0) {
				throw new IllegalStateException("/bin/true exited with " + exit);
			}
			launches++;
			now = System.nanoTime();
		}
		while (now < end);
		return new Slice(launches / ((now - start) / 1e9), (cpu.nanos() - cpuStart) / (double) launches, launches);
	}

	/**
	 * One launch, waited for.
	 */
	@FunctionalInterface
	interface Launch {

		/**
		 * Launches and waits.
		 * @return the exit status
		 * @throws Exception when the launch fails
		 */
		int run() throws Exception;

	}

	/**
	 * A CPU clock: the JVM's own, or its waited-for children's.
	 */
	@FunctionalInterface
	interface CpuClock {

		/**
		 * Reads the clock.
		 * @return the CPU time so far, in nanoseconds
		 * @throws Exception when it cannot be read
		 */
		long nanos() throws Exception;

	}

	/**
	 * One slice: launches per second, the CPU nanoseconds per launch, and how many
	 * launches it made.
	 */
	record Slice(double perSecond, double cpuPerLaunch, long launches) {

	}

}
