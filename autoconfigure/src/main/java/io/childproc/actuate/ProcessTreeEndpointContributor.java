package io.childproc.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.childproc.os.EscapedProcess;
import io.childproc.os.PidsLimit;
import io.childproc.os.ProcessInfo;
import io.childproc.os.ProcessTreeMonitor;
import io.childproc.os.ProcessTreeSnapshot;
import io.childproc.os.ZombieProcess;

/**
 * Adds the operating system's view of the process tree to {@code /actuator/children},
 * from a {@link ProcessTreeMonitor}'s last scan: {@code zombies} (the count),
 * {@code zombieProcesses} (each zombie's pid, its parent's pid and the parent's command),
 * {@code escaped} (processes that left the tree), {@code processTree} (whether the tree
 * can be read, when it was scanned, orphan reaping, the cgroup pids), and each
 * descendant's state. Command lines are masked as the endpoint masks its own. A member an
 * earlier contributor already set is left as it is.
 */
public class ProcessTreeEndpointContributor implements ChildrenEndpointContributor {

	private final ProcessTreeMonitor monitor;

	/**
	 * Creates a contributor that reads a monitor.
	 * @param monitor the monitor
	 */
	public ProcessTreeEndpointContributor(ProcessTreeMonitor monitor) {
		this.monitor = Objects.requireNonNull(monitor, "monitor");
	}

	@Override
	public void contribute(Map<String, Object> members, UnaryOperator<List<String>> maskCommand) {
		ProcessTreeSnapshot snapshot = this.monitor.snapshot();
		members.putIfAbsent("zombies", snapshot.zombieCount());
		List<ZombieDescriptor> zombies = new ArrayList<>(snapshot.zombieCount());
		for (ZombieProcess zombie : snapshot.zombies()) {
			zombies.add(new ZombieDescriptor(zombie.pid(), zombie.command(), zombie.ppid(),
					maskCommand.apply(zombie.parentCommand())));
		}
		members.putIfAbsent("zombieProcesses", zombies);
		List<EscapedDescriptor> escaped = new ArrayList<>(snapshot.escaped().size());
		for (EscapedProcess process : snapshot.escaped()) {
			ProcessInfo info = process.process();
			escaped.add(new EscapedDescriptor(info.pid(), info.ppid(), maskCommand.apply(info.command()),
					info.state().name(), (process.childPid() > 0) ? process.childPid() : null));
		}
		members.putIfAbsent("escaped", escaped);
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("available", snapshot.available());
		tree.put("scannedAt", snapshot.takenAt());
		tree.put("scanInterval", this.monitor.settings().scanInterval());
		tree.put("reapsOrphans", this.monitor.reapsOrphans());
		tree.put("subreaper", this.monitor.isSubreaper());
		tree.put("orphansReaped", this.monitor.orphansReaped());
		PidsLimit pids = snapshot.pids();
		if (pids != null) {
			tree.put("pidsCurrent", pids.current());
			tree.put("pidsMax", pids.isLimited() ? pids.max() : "max");
		}
		members.putIfAbsent("processTree", tree);
	}

	@Override
	public String descendantState(long pid) {
		for (ProcessInfo process : this.monitor.snapshot().descendants()) {
			if (process.pid() == pid) {
				return process.state().name();
			}
		}
		return null;
	}

	/**
	 * A zombie among the JVM's descendants.
	 *
	 * @param pid the zombie's pid
	 * @param command its short program name
	 * @param ppid its parent's pid: the process that should reap it
	 * @param parentCommand the parent's command, masked
	 */
	public record ZombieDescriptor(long pid, String command, long ppid, List<String> parentCommand) {
	}

	/**
	 * A process that carries the launcher's mark outside the JVM's process tree.
	 *
	 * @param pid its pid
	 * @param ppid its parent's pid (often 1: it was adopted)
	 * @param command its command, masked
	 * @param state its scheduler state
	 * @param childPid the pid of the child it came from, or {@code null} when that child
	 * is gone
	 */
	public record EscapedDescriptor(long pid, long ppid, List<String> command, String state, Long childPid) {
	}

}
