package io.childproc.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A small program that tests run as a real child process with the current {@code java}.
 * Arguments: {@code exit N} exits with N; {@code sleep MILLIS} sleeps, then exits 0.
 */
public final class TestChild {

	private TestChild() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "exit" -> System.exit(Integer.parseInt(args[1]));
			case "sleep" -> {
				Thread.sleep(Long.parseLong(args[1]));
				System.exit(0);
			}
			default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
		}
	}

	/**
	 * Returns the command that runs this program with the given arguments.
	 * @param args the arguments
	 * @return the command
	 */
	public static List<String> command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(ChildJvm.java());
		command.add("-Xshare:auto");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(TestChild.class.getName());
		command.addAll(List.of(args));
		return command;
	}

}
