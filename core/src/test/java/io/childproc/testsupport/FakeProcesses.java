package io.childproc.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.linux.ProcessTreeIndex;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.internal.tree.MonitoredLauncher;

/**
 * Fakes of the process table, the native calls and the launcher, for unit tests of the
 * tree policies: each records what it was asked.
 */
public final class FakeProcesses {

	private FakeProcesses() {
	}

	public static ProcessStat stat(long pid, long ppid, ProcessState state, long startTime) {
		return new ProcessStat(pid, "p" + pid, state, ppid, startTime, 0);
	}

	/** A process table whose processes and environments the test sets. */
	public static final class Table implements ProcessTable {

		public final List<ProcessStat> processes = new ArrayList<>();

		public final Map<Long, Map<String, String>> environments = new HashMap<>();

		public final List<Long> environmentReads = new ArrayList<>();

		@Override
		public boolean available() {
			return true;
		}

		@Override
		public List<ProcessStat> list() {
			return List.copyOf(this.processes);
		}

		@Override
		public Optional<ProcessInfo> process(long pid) {
			return this.processes.stream().filter((stat) -> stat.pid() == pid).findFirst().map(ProcessInfo::of);
		}

		@Override
		public List<ProcessInfo> descendants(long pid) {
			return new ProcessTreeIndex(this.processes).descendants(pid).stream().map(ProcessInfo::of).toList();
		}

		@Override
		public Map<String, String> environment(long pid, Set<String> names) {
			this.environmentReads.add(pid);
			Map<String, String> found = new HashMap<>(this.environments.getOrDefault(pid, Map.of()));
			found.keySet().retainAll(names);
			return found;
		}

		@Override
		public List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable) {
			throw new UnsupportedOperationException("not used by the policies");
		}

	}

	/** Native calls that reap whatever pid is asked and remember it. */
	public static final class Calls implements ReapingCalls {

		public final List<Long> reaped = new ArrayList<>();

		@Override
		public boolean available() {
			return true;
		}

		@Override
		public String unavailableReason() {
			return null;
		}

		@Override
		public boolean becomeChildSubreaper() {
			return true;
		}

		@Override
		public boolean reap(long pid) {
			this.reaped.add(pid);
			return true;
		}

	}

	/** A launcher whose running children the test sets. */
	public static final class Children implements MonitoredLauncher {

		public final Set<Long> running = new HashSet<>();

		public final Map<String, Long> marks = new HashMap<>();

		@Override
		public String ownerId() {
			return "owner-1";
		}

		@Override
		public Set<Long> runningPids() {
			return Set.copyOf(this.running);
		}

		@Override
		public boolean isRunning(long pid) {
			return this.running.contains(pid);
		}

		@Override
		public long pidOfMark(String mark) {
			return this.marks.getOrDefault(mark, -1L);
		}

	}

}
