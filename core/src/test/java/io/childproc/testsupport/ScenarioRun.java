package io.childproc.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs a test main that reports one line per scenario, {@code RESULT <scenario>
 * key=value ...}, in a small JVM of its own, possibly as PID 1 of a new pid namespace,
 * and reads those lines; ends the JVM and its descendants whatever happens.
 */
public final class ScenarioRun {

	private ScenarioRun() {
	}

	/**
	 * Returns the command that runs a main of the test class path in a small JVM, after a
	 * prefix such as {@link ChildJvm#NEW_PID_NAMESPACE}.
	 * @param prefix what runs the JVM, or an empty list
	 * @param maxHeap the JVM's {@code -Xmx} value, such as {@code 128m}
	 * @param main the class with the main
	 * @param args its arguments
	 * @return the command
	 */
	public static List<String> command(List<String> prefix, String maxHeap, Class<?> main, List<String> args) {
		List<String> command = new ArrayList<>(prefix);
		command.addAll(List.of(ChildJvm.java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx" + maxHeap, "-cp",
				System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		return command;
	}

	/**
	 * Runs a command with its output and error in files of a folder, prints its output,
	 * fails unless it ends in time, and skips the test, saying why, when it was to run as
	 * PID 1 and its output does not say {@code pid: 1} (this machine refused the pid
	 * namespace).
	 * @param command the command
	 * @param asPid1 whether the command runs the main as PID 1 of a new pid namespace
	 * @param folder where to write its output and error
	 * @param timeout how long it may take
	 * @return how it ended
	 * @throws IOException if it cannot start or be read
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ChildJvm.Run run(List<String> command, boolean asPid1, Path folder, Duration timeout)
			throws IOException, InterruptedException {
		ChildJvm.Run run = ChildJvm.run(command, folder, timeout);
		System.out.println(run.stdout());
		if (asPid1 && !run.stdout().contains("pid: 1")) {
			String reason = "unshare --pid --fork --mount-proc was refused here: " + run.stdout() + run.stderr();
			System.out.println("SKIPPED: " + reason);
			assumeThat(run.stdout()).as(reason).contains("pid: 1");
		}
		return run;
	}

	/**
	 * Fails unless the run exited with 0, and returns each scenario's keys and values.
	 * @param run the run
	 * @return the values of each scenario by its name
	 */
	public static Map<String, Map<String, String>> results(ChildJvm.Run run) {
		assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
		return parse(run.stdout());
	}

	/**
	 * Reads the {@code RESULT <scenario> key=value ...} lines of an output.
	 * @param stdout the output
	 * @return the values of each scenario by its name
	 */
	public static Map<String, Map<String, String>> parse(String stdout) {
		Map<String, Map<String, String>> results = new HashMap<>();
		for (String line : stdout.split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length > 2 && fields[0].equals("RESULT")) {
				Map<String, String> values = new HashMap<>();
				for (int i = 2; i < fields.length; i++) {
					int equals = fields[i].indexOf('=');
					values.put(fields[i].substring(0, equals), fields[i].substring(equals + 1));
				}
				results.put(fields[1], values);
			}
		}
		return results;
	}

}
