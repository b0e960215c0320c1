package io.childproc.internal.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@link MarkLookup} that remembers, by pid and start time, what each process's
 * environment held, and builds each listing on the one before.
 */
final class RepeatedMarkLookup implements ProcessTable.MarkLookup {

	private static final String UNMARKED = new String("unmarked");

	private final ProcessTable table;

	private final Path proc;

	private final long self;

	private final byte[] variable;

	private final byte @Nullable [] markVariable;

	private final String value;

	private final Map<ProcessKey, String> judged = new HashMap<>();

	private ProcessListing listing = ProcessListing.EMPTY;

	private Set<Long> found = Set.of();

	/** How many environments this search read; for tests. */
	private int environmentReads;

	RepeatedMarkLookup(ProcessTable table, Path proc, long self, String variable, String value,
			@Nullable String markVariable) {
		this.table = table;
		this.proc = proc;
		this.self = self;
		this.variable = (variable + "=").getBytes(StandardCharsets.UTF_8);
		this.markVariable = (markVariable != null) ? (markVariable + "=").getBytes(StandardCharsets.UTF_8) : null;
		this.value = value;
	}

	@Override
	public List<MarkedProcess> find() {
		// The processes found marked before are read again: they may have ended.
		this.listing = this.table.list(this.listing, this.found);
		List<ProcessStat> processes = this.listing.processes();
		long selfStart = 0;
		for (ProcessStat process : processes) {
			if (process.pid() == this.self) {
				selfStart = process.startTime();
			}
		}
		List<MarkedProcess> marked = new ArrayList<>();
		Set<Long> foundNow = new HashSet<>();
		for (ProcessStat process : processes) {
			if (!Mark.mayCarry(process, this.self, selfStart)) {
				continue;
			}
			ProcessKey key = ProcessKey.of(process);
			String mark = this.judged.get(key);
			if (mark == null) {
				mark = judge(process.pid());
				if (mark == null) {
					// Read empty, in the middle of exec: look again next time.
					continue;
				}
				this.judged.put(key, mark);
			}
			if (mark != UNMARKED) {
				foundNow.add(process.pid());
				marked.add(new MarkedProcess(this.table.describe(process), mark.isEmpty() ? null : mark));
			}
		}
		this.found = foundNow;
		return marked;
	}

	/**
	 * Reads a process's environment.
	 * @return its child mark ("" for none) when it carries the owner mark,
	 * {@link #UNMARKED} when it does not or cannot be read, {@code null} when it read
	 * empty
	 */
	private @Nullable String judge(long pid) {
		this.environmentReads++;
		byte[] environment;
		try {
			environment = Files.readAllBytes(this.proc.resolve(Long.toString(pid)).resolve("environ"));
		}
		catch (IOException | RuntimeException ex) {
			environment = null;
		}
		if (environment == null) {
			return UNMARKED;
		}
		if (environment.length == 0) {
			return null;
		}
		String owner = valueOf(environment, this.variable);
		if (!this.value.equals(owner)) {
			return UNMARKED;
		}
		String mark = (this.markVariable != null) ? valueOf(environment, this.markVariable) : null;
		return (mark != null) ? mark : "";
	}

	@Override
	public String toString() {
		return "RepeatedMarkLookup[" + this.judged.size() + " judged, " + this.environmentReads + " environments read]";
	}

	private static @Nullable String valueOf(byte[] environment, byte[] prefix) {
		int at = -1;
		for (int start = 0; start < environment.length && at < 0;) {
			int end = start;
			while (end < environment.length && environment[end] != 0) {
				end++;
			}
			if (end - start >= prefix.length
					&& Arrays.equals(environment, start, start + prefix.length, prefix, 0, prefix.length)) {
				at = start;
			}
			start = end + 1;
		}
		if (at < 0) {
			return null;
		}
		int end = at + prefix.length;
		while (end < environment.length && environment[end] != 0) {
			end++;
		}
		return new String(environment, at + prefix.length, end - at - prefix.length, StandardCharsets.UTF_8);
	}

}
