package io.childproc.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The command-line arguments of a benchmark's main: their count checked against its usage
 * line (which is printed, with exit status 2, when the count is wrong), each read by
 * position.
 */
final class Arguments {

	private final String[] values;

	private Arguments(String[] values) {
		this.values = values;
	}

	/**
	 * Checks the count of arguments; prints {@code Usage: } and the usage line to
	 * standard error and exits with status 2 when it is wrong.
	 * @param args the arguments of main
	 * @param count how many there must be
	 * @param usage the usage line, the class name first
	 * @return the arguments
	 */
	static Arguments of(String[] args, int count, String usage) {
		return of(args, count, count, usage);
	}

	/**
	 * Checks the count of arguments, some of them optional; prints {@code Usage: } and
	 * the usage line to standard error and exits with status 2 when it is wrong.
	 * @param args the arguments of main
	 * @param fewest how many there must be at least
	 * @param most how many there may be at most
	 * @param usage the usage line, the class name first
	 * @return the arguments
	 */
	static Arguments of(String[] args, int fewest, int most, String usage) {
		if (args.length < fewest || args.length > most) {
			System.err.println("Usage: " + usage);
			System.exit(2);
		}
		return new Arguments(args);
	}

	/**
	 * Reads an argument as it is.
	 * @param index the position
	 * @return the argument
	 */
	String text(int index) {
		return this.values[index];
	}

	/**
	 * Reads a whole number.
	 * @param index the position
	 * @return the number
	 */
	int integer(int index) {
		return Integer.parseInt(this.values[index]);
	}

	/**
	 * Reads a decimal number.
	 * @param index the position
	 * @return the number
	 */
	double decimal(int index) {
		return Double.parseDouble(this.values[index]);
	}

	/**
	 * Reads an optional decimal number.
	 * @param index the position
	 * @param otherwise the value when the argument is not given
	 * @return the number
	 */
	double decimal(int index, double otherwise) {
		return (index < this.values.length) ? decimal(index) : otherwise;
	}

	/**
	 * Reads a comma-separated list.
	 * @param index the position
	 * @return the items
	 */
	List<String> list(int index) {
		return Arrays.asList(this.values[index].split(","));
	}

}
