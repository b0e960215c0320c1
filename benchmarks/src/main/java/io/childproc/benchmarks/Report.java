package io.childproc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the results files into one markdown table: per row the median, the spread
 * (min-max) of the samples, their number, the ratios to the row's baselines and whether
 * the issue's target is met.
 * <p>
 * Each results line is
 * {@code section TAB row TAB unit TAB value TAB baselines TAB target}: baselines are
 * {@code |}-separated {@code row~short name}; the target ({@code >=0.97}, {@code <=1.2})
 * applies to the ratio to the first baseline, or to the median of a row with no baseline;
 * a value of {@code -} makes a row with a note (the target column) and no numbers.
 * <p>
 * Usage: {@code Report RESULTS_FILE...}; prints the table.
 */
public final class Report {

	private Report() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, Map<String, Row>> sections = new TreeMap<>();
		for (String file : args) {
			for (String line : Files.readAllLines(Path.of(file))) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split("\t", -1);
				if (fields.length < 6) {
					throw new IllegalArgumentException("Results line in " + file + " has " + fields.length
							+ " fields, expected 6 (section, row, unit, value, baselines, target): " + line);
				}
				Row row = sections.computeIfAbsent(fields[0], (key) -> new LinkedHashMap<>())
					.computeIfAbsent(fields[1], (label) -> new Row(label, fields[2], fields[4], fields[5]));
				if (!fields[3].equals("-")) {
					row.samples().add(Double.parseDouble(fields[3]));
				}
			}
		}
		StringBuilder table = new StringBuilder();
		table.append("| Measurement | Median | Spread (min-max) | n | Ratio | Target |\n");
		table.append("|---|---:|---:|---:|---|---|\n");
		for (Map.Entry<String, Map<String, Row>> section : sections.entrySet()) {
			table.append("| **").append(section.getKey()).append("** | | | | | |\n");
			for (Row row : section.getValue().values()) {
				table.append(line(row, section.getValue()));
			}
		}
		System.out.print(table);
	}

	/**
	 * Prints one results line on standard output.
	 * @param section the section
	 * @param row the row
	 * @param unit the unit
	 * @param value the sample
	 * @param baselines the baselines ({@code row~short name}, {@code |}-separated)
	 * @param target the target
	 */
	static void line(String section, String row, String unit, double value, String baselines, String target) {
		System.out.println(
				String.join("\t", section, row, unit, String.format(Locale.ROOT, "%.6f", value), baselines, target));
	}

	private static String line(Row row, Map<String, Row> section) {
		if (row.samples().isEmpty()) {
			return "| " + row.label() + " | - | - | 0 | | " + row.target() + " |\n";
		}
		double median = row.median();
		String spread = format(row.min()) + " - " + format(row.max()) + " ("
				+ String.format(Locale.ROOT, "%.0f%%", 100 * (row.max() - row.min()) / median) + ")";
		List<String> ratios = new ArrayList<>();
		Double first = null;
		if (!row.baselines().isEmpty()) {
			for (String baseline : row.baselines().split("\\|")) {
				String[] parts = baseline.split("~", 2);
				Row base = section.get(parts[0]);
				String name = (parts.length > 1) ? parts[1] : parts[0];
				if (base == null || base.samples().isEmpty() || base == row) {
					continue;
				}
				double ratio = median / base.median();
				if (first == null) {
					first = ratio;
				}
				ratios.add(String.format(Locale.ROOT, "%.3f x %s", ratio, name));
			}
		}
		if (row.baselines().isEmpty()) {
			// A target on a row with no baseline applies to its own median.
			first = median;
		}
		return "| " + row.label() + " | " + format(median) + " " + row.unit() + " | " + spread + " | "
				+ row.samples().size() + " | " + String.join("; ", ratios) + " | " + verdict(row.target(), first)
				+ " |\n";
	}

	private static String verdict(String target, Double ratio) {
		if (target.isEmpty() || ratio == null || !(target.startsWith(">=") || target.startsWith("<="))) {
			return target;
		}
		double limit = Double.parseDouble(target.substring(2));
		boolean atLeast = target.startsWith(">=");
		boolean met = atLeast ? ratio >= limit : ratio <= limit;
		if (met) {
			return "met (" + target + ")";
		}
		double by = atLeast ? (limit - ratio) / limit : (ratio - limit) / limit;
		return String.format(Locale.ROOT, "**missed** (%s) by %.1f%%", target, 100 * by);
	}

	private static String format(double value) {
		double magnitude = Math.abs(value);
		String pattern = (magnitude >= 100) ? "%,.0f" : (magnitude >= 10) ? "%.1f" : (magnitude >= 1) ? "%.2f" : "%.3f";
		return String.format(Locale.ROOT, pattern, value);
	}

	private record Row(String label, String unit, String baselines, String target, List<Double> samples) {

		Row(String label, String unit, String baselines, String target) {
			this(label, unit, baselines, target, new ArrayList<>());
		}

		double median() {
			List<Double> sorted = new ArrayList<>(this.samples);
			sorted.sort(null);
			int n = sorted.size();
			return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		}

		double min() {
			return this.samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		}

		double max() {
			return this.samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		}

	}

}
