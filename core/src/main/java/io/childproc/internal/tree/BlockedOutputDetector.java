package io.childproc.internal.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import io.childproc.internal.linux.OutputPipes;
import io.childproc.internal.linux.OutputPipes.PipeFill;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessState;

/**
 * Which children are blocked on their output: a running child whose standard output or
 * error is a pipe that the application is meant to read, and that two scans in a row
 * found full and untouched. "Full" cannot be read as such (the pipe's size is 64 KiB by
 * default, one page past {@code pipe-user-pages-soft}, anything a child sets with
 * {@code F_SETPIPE_SZ}, and how much a full pipe holds depends on the sizes of the
 * writes), so a pipe counts as full and untouched when, in two consecutive scans of the
 * same child (same pid and start time):
 * <ul>
 * <li>it held the same number of bytes, at least {@value #MIN_QUEUED} (one page, the
 * smallest pipe the kernel gives);</li>
 * <li>the child and its descendants wrote nothing in between (the sum of their
 * {@code wchar}): a reader that consumed anything, however slowly, lets a blocked writer
 * write, so a child whose output is read never counts, even when its pipe is full each
 * time it is looked at;</li>
 * <li>and, where the kernel tells where its processes wait ({@code wchan}), one process
 * of the child's tree waits in a pipe write, so that a child that left some output unread
 * and then sits idle does not count. Where the kernel does not tell, the first two
 * suffice.</li>
 * </ul>
 * The fill is read on the child's side of the pipe ({@link OutputPipes}), at a child's
 * first scan and then only while its tree uses no CPU between two scans (a blocked writer
 * uses none), so a busy child costs no file read.
 * <p>
 * Not thread-safe: one scan at a time.
 */
final class BlockedOutputDetector {

	/** The fewest bytes a pipe must hold to count as full: one page. */
	static final long MIN_QUEUED = 4096;

	/**
	 * How long apart two readings must be to judge a child: a reader that consumes
	 * nothing for a whole second while the pipe is full has left the child blocked; two
	 * scans a moment apart (an explicit {@code scan()} right after the background one)
	 * prove nothing.
	 */
	static final long MIN_APART_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final int[] OUTPUTS = { 1, 2 };

	private final OutputPipes pipes;

	private Map<Long, Reading> previous = Map.of();

	BlockedOutputDetector(OutputPipes pipes) {
		this.pipes = pipes;
	}

	/**
	 * Takes one scan's view of the children whose output the application reads, and
	 * returns those blocked on it.
	 * @param children the JVM's child processes, as the scan listed them
	 * @param descendants the descendants of a process, as the scan listed them
	 * @param piped the pids of the running children whose output the application reads
	 * @param nanos when the scan began, in {@link System#nanoTime()}
	 * @return the pids of the children blocked on their output
	 */
	Set<Long> update(List<ProcessStat> children, LongFunction<List<ProcessStat>> descendants, Set<Long> piped,
			long nanos) {
		Map<Long, Reading> now = new HashMap<>();
		Set<Long> blocked = new HashSet<>();
		for (ProcessStat child : children) {
			if (!piped.contains(child.pid()) || child.state().hasEnded()) {
				continue;
			}
			List<ProcessStat> tree = descendants.apply(child.pid());
			long cpuTicks = child.cpuTicks();
			for (ProcessStat descendant : tree) {
				cpuTicks += descendant.cpuTicks();
			}
			Reading before = this.previous.get(child.pid());
			if (before != null && before.startTime() != child.startTime()) {
				before = null;
			}
			if (before != null && nanos - before.nanos() < MIN_APART_NANOS) {
				// Too soon to judge: the earlier reading and its verdict stand.
				now.put(child.pid(), before);
				if (before.blocked()) {
					blocked.add(child.pid());
				}
				continue;
			}
			Reading reading = new Reading(child.startTime(), nanos, cpuTicks, Map.of(), -1, false);
			// A tree that used CPU since the last scan is not stuck: its pipes are not
			// read.
			if (before == null || before.cpuTicks() == cpuTicks) {
				reading = read(child, tree, nanos, cpuTicks);
				if (before != null && before.isStuckAs(reading) && waitsInAPipeWrite(child, tree)) {
					reading = reading.judgedBlocked();
					blocked.add(child.pid());
				}
			}
			now.put(child.pid(), reading);
		}
		this.previous = now;
		return blocked;
	}

	/**
	 * Reads the fill of the child's output pipes, and what its tree wrote if one is full.
	 */
	private Reading read(ProcessStat child, List<ProcessStat> tree, long nanos, long cpuTicks) {
		Map<String, Long> fills = new HashMap<>(2);
		for (int fd : OUTPUTS) {
			Optional<PipeFill> fill = this.pipes.fill(child.pid(), fd);
			if (fill.isPresent() && fill.get().queued() >= MIN_QUEUED) {
				fills.put(fill.get().pipe(), fill.get().queued());
			}
		}
		long written = fills.isEmpty() ? -1 : bytesWritten(child, tree);
		return new Reading(child.startTime(), nanos, cpuTicks, fills, written, false);
	}

	/** What the child and its descendants wrote in all, or -1 when one cannot be read. */
	private long bytesWritten(ProcessStat child, List<ProcessStat> tree) {
		OptionalLong own = this.pipes.bytesWritten(child.pid());
		if (own.isEmpty()) {
			return -1;
		}
		long total = own.getAsLong();
		for (ProcessStat descendant : tree) {
			if (!descendant.state().hasEnded()) {
				OptionalLong written = this.pipes.bytesWritten(descendant.pid());
				if (written.isEmpty()) {
					return -1;
				}
				total += written.getAsLong();
			}
		}
		return total;
	}

	/**
	 * Whether a process of the child's tree waits in a pipe write, or the kernel tells
	 * none of them where it waits.
	 */
	private boolean waitsInAPipeWrite(ProcessStat child, List<ProcessStat> tree) {
		List<ProcessStat> processes = new ArrayList<>(tree.size() + 1);
		processes.add(child);
		processes.addAll(tree);
		boolean told = false;
		for (ProcessStat process : processes) {
			if (process.state() != ProcessState.SLEEPING) {
				continue;
			}
			Optional<String> channel = this.pipes.waitChannel(process.pid());
			if (channel.isPresent()) {
				told = true;
				// anon_pipe_write (Linux 6), pipe_write (Linux 5), pipe_wait (Linux 4,
				// both
				// ends): never a pipe read.
				if (channel.get().contains("pipe") && !channel.get().contains("read")) {
					return true;
				}
			}
		}
		return !told;
	}

	/**
	 * One scan's reading of one child.
	 *
	 * @param startTime the child's start time
	 * @param nanos when it was read, in {@link System#nanoTime()}
	 * @param cpuTicks the CPU its tree used
	 * @param fills the bytes queued in each of its output pipes that held at least
	 * {@value BlockedOutputDetector#MIN_QUEUED}, empty when not read
	 * @param written what its tree wrote in all, -1 when not read or unreadable
	 * @param blocked whether it was found blocked
	 */
	private record Reading(long startTime, long nanos, long cpuTicks, Map<String, Long> fills, long written,
			boolean blocked) {

		Reading judgedBlocked() {
			return new Reading(this.startTime, this.nanos, this.cpuTicks, this.fills, this.written, true);
		}

		/** Whether a later reading found a pipe as this one did, and no write since. */
		boolean isStuckAs(Reading later) {
			if (this.written < 0 || this.written != later.written) {
				return false;
			}
			for (Map.Entry<String, Long> fill : this.fills.entrySet()) {
				if (Objects.equals(later.fills.get(fill.getKey()), fill.getValue())) {
					return true;
				}
			}
			return false;
		}

	}

}
