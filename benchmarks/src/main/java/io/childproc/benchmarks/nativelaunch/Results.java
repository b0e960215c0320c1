package io.childproc.benchmarks.nativelaunch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The launch rates of one run, per condition (quiet JVM, extra descriptors, live
 * children), per mode and per round, and the markdown tables made of them. Ratios are
 * taken round by round between modes measured minutes apart at most (paired), then
 * summarised by their median and spread, so that the machine's load, which changes from
 * minute to minute, cancels out as far as it can.
 */
final class Results {

	private final Map<String, Map<LaunchMode, List<Double>>> rates = new LinkedHashMap<>();

	private final Map<String, Map<LaunchMode, List<Double>>> cpus = new LinkedHashMap<>();

	private final List<String> memoryRows = new ArrayList<>();

	void add(String condition, LaunchMode mode, LaunchMode.Measurement measurement) {
		this.rates.computeIfAbsent(condition, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(mode, (key) -> new ArrayList<>())
			.add(measurement.rate());
		this.cpus.computeIfAbsent(condition, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(mode, (key) -> new ArrayList<>())
			.add(measurement.cpuMillis());
	}

	List<Double> rates(String condition, LaunchMode mode) {
		return this.rates.getOrDefault(condition, Map.of()).getOrDefault(mode, List.of());
	}

	List<Double> cpus(String condition, LaunchMode mode) {
		return this.cpus.getOrDefault(condition, Map.of()).getOrDefault(mode, List.of());
	}

	/**
	 * Divides one mode's CPU time per launch by another's, round by round (below 1: the
	 * mode costs less CPU than the base).
	 * @return the ratios
	 */
	List<Double> pairedCpu(String condition, LaunchMode mode, String baseCondition, LaunchMode base) {
		return divide(cpus(condition, mode), cpus(baseCondition, base));
	}

	/**
	 * Divides one series by another, round by round.
	 * @return the ratios, as many as the shorter series has rounds
	 */
	List<Double> paired(String condition, LaunchMode mode, String baseCondition, LaunchMode base) {
		return divide(rates(condition, mode), rates(baseCondition, base));
	}

	private static List<Double> divide(List<Double> values, List<Double> bases) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(values.size(), bases.size()); i++) {
			ratios.add(values.get(i) / bases.get(i));
		}
		return ratios;
	}

	void addMemoryRow(String row) {
		this.memoryRows.add(row);
	}

	String rateTable() {
		StringBuilder table = new StringBuilder();
		table.append("| Condition | Mode | launches/s median | spread (min-max) | n | x raw + waitFor (paired) "
				+ "| x C plain (paired) | CPU ms/launch median | CPU x raw + waitFor (paired; lower is cheaper) |\n");
		table.append("|---|---|---:|---:|---:|---|---|---:|---|\n");
		for (Map.Entry<String, Map<LaunchMode, List<Double>>> condition : this.rates.entrySet()) {
			for (Map.Entry<LaunchMode, List<Double>> mode : condition.getValue().entrySet()) {
				List<Double> values = mode.getValue();
				table.append("| ")
					.append(condition.getKey())
					.append(" | ")
					.append(mode.getKey().label())
					.append(" | ")
					.append(format(median(values)))
					.append(" | ")
					.append(format(min(values)))
					.append(" - ")
					.append(format(max(values)))
					.append(" | ")
					.append(values.size())
					.append(" | ")
					.append(ratio(condition.getKey(), mode.getKey(), LaunchMode.RAW))
					.append(" | ")
					.append(ratio(condition.getKey(), mode.getKey(), LaunchMode.C_PLAIN))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.2f", median(cpus(condition.getKey(), mode.getKey()))))
					.append(" | ")
					.append((mode.getKey() == LaunchMode.RAW) ? ""
							: describe(
									pairedCpu(condition.getKey(), mode.getKey(), condition.getKey(), LaunchMode.RAW)))
					.append(" |\n");
			}
		}
		return table.toString();
	}

	String memoryTable() {
		return "| Live children | Launched by | threads/child | pids/child | RSS KiB/child | descriptors/child "
				+ "| start of all children, s |\n|---|---|---:|---:|---:|---:|---:|\n"
				+ String.join("", this.memoryRows);
	}

	private String ratio(String condition, LaunchMode mode, LaunchMode base) {
		if (mode == base || rates(condition, base).isEmpty()) {
			return "";
		}
		return describe(paired(condition, mode, condition, base));
	}

	/**
	 * Describes ratios as {@code median x (min - max)}.
	 * @param ratios the ratios
	 * @return the text
	 */
	static String describe(List<Double> ratios) {
		if (ratios.isEmpty()) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2fx (%.2f - %.2f)", median(ratios), min(ratios), max(ratios));
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	static String format(double value) {
		return String.format(Locale.ROOT, (value >= 100) ? "%.0f" : "%.1f", value);
	}

}
