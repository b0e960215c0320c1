package io.childproc.internal.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cgroup v2 pids controllers above the JVM, as far as they are visible: the JVM's own
 * cgroup (from {@code /proc/self/cgroup}) and every ancestor up to the root of
 * {@code /sys/fs/cgroup}, each with {@code pids.current} and {@code pids.max}. The
 * tightest one counts: the limited level with the least headroom
 * ({@code pids.max - pids.current}), since a fork fails at whichever level is full first.
 * This is how a Kubernetes {@code podPidsLimit}, set on the pod's cgroup above the
 * container's, is seen where the container's cgroup namespace lets it be.
 * <p>
 * What cannot be seen: with a cgroup namespace (the default of Docker and containerd on
 * cgroup v2), {@code /sys/fs/cgroup} starts at the container's own cgroup, so a limit set
 * above it (the pod's) is invisible, and only the container's own limit is read. cgroup
 * v1 (and hybrid systems, whose pids controller is v1) is not read at all.
 * <p>
 * {@link #refusal(String)} is cheap enough to call before every start: the walk up the
 * hierarchy is done once; the limits are read again at most once a second, when the
 * tightest level is chosen again; between those, a start reads nothing without a limit
 * and only that level's {@code pids.current} with one.
 */
public final class CgroupPids {

	private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** A controller that is not there: every read is empty and nothing is refused. */
	public static final CgroupPids NONE = new CgroupPids(List.of());

	private static volatile CgroupPids system;

	/** The directories with a pids controller, the JVM's own first. */
	private final List<Path> levels;

	private volatile Path tightest;

	private volatile long tightestMax = PidsLimit.UNLIMITED;

	private volatile long chosenAt;

	private volatile boolean chosen;

	/**
	 * Creates a reader of the pids controller in one cgroup directory.
	 * @param directory the directory holding {@code pids.current} and {@code pids.max},
	 * or {@code null} for none
	 */
	public CgroupPids(Path directory) {
		this((directory != null) ? List.of(directory) : List.of());
	}

	private CgroupPids(List<Path> levels) {
		this.levels = List.copyOf(levels);
	}

	/**
	 * Returns the pids controllers of the JVM's cgroup and its ancestors, located once.
	 * @return the controllers, or {@link #NONE} when no cgroup v2 pids controller is
	 * visible
	 */
	public static CgroupPids system() {
		CgroupPids found = system;
		if (found == null) {
			found = locate(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
			system = found;
		}
		return found;
	}

	/**
	 * Walks up from the JVM's cgroup v2 directory (the {@code 0::} line of
	 * {@code /proc/self/cgroup}) to the root, keeping each directory with a pids
	 * controller.
	 * @param root where the cgroup v2 hierarchy is mounted
	 * @param selfCgroup the JVM's {@code /proc/self/cgroup}
	 * @return the controllers found, or {@link #NONE}
	 */
	static CgroupPids locate(Path root, Path selfCgroup) {
		Path own = root;
		try {
			for (String line : Files.readAllLines(selfCgroup, StandardCharsets.ISO_8859_1)) {
				if (line.startsWith("0::")) {
					String relative = line.substring(3).replaceFirst("^/+", "");
					Path candidate = relative.isEmpty() ? root : root.resolve(relative).normalize();
					if (candidate.startsWith(root)) {
						own = candidate;
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or no cgroups: only the root is looked at.
		}
		List<Path> levels = new ArrayList<>();
		for (Path level = own; level != null && level.startsWith(root); level = level.getParent()) {
			if (hasFiles(level)) {
				levels.add(level);
			}
		}
		return levels.isEmpty() ? NONE : new CgroupPids(levels);
	}

	private static boolean hasFiles(Path directory) {
		return Files.isReadable(directory.resolve("pids.current")) && Files.isReadable(directory.resolve("pids.max"));
	}

	/**
	 * Whether a pids controller is visible.
	 * @return whether {@link #read()} can return a value
	 */
	public boolean available() {
		return !this.levels.isEmpty();
	}

	/**
	 * Reads every visible level now and returns the tightest: the limited level with the
	 * least headroom, else the JVM's own level (unlimited).
	 * @return the count and limit, or empty when no controller is visible or it cannot be
	 * read
	 */
	public Optional<PidsLimit> read() {
		PidsLimit tightest = null;
		PidsLimit own = null;
		for (Path level : this.levels) {
			long max = readMax(level);
			long current = readNumber(level.resolve("pids.current"));
			if (max == Long.MIN_VALUE || current < 0) {
				continue;
			}
			PidsLimit reading = new PidsLimit(current, max, level);
			if (own == null) {
				own = reading;
			}
			if (reading.isLimited() && (tightest == null || reading.headroom() < tightest.headroom())) {
				tightest = reading;
			}
		}
		remember((tightest != null) ? tightest.cgroup() : null,
				(tightest != null) ? tightest.max() : PidsLimit.UNLIMITED);
		return Optional.ofNullable((tightest != null) ? tightest : own);
	}

	/**
	 * Says why a start must be refused: when the tightest cgroup already holds
	 * {@code pids.max} processes and threads, a new process cannot be created.
	 * @param what what is being started, for the message
	 * @return the reason to refuse the start, or {@code null} when it fits
	 */
	public String refusal(String what) {
		if (this.levels.isEmpty()) {
			return null;
		}
		if (!this.chosen || System.nanoTime() - this.chosenAt > MAX_AGE_NANOS) {
			read();
		}
		Path level = this.tightest;
		long limit = this.tightestMax;
		if (level == null || limit == PidsLimit.UNLIMITED) {
			return null;
		}
		long current = readNumber(level.resolve("pids.current"));
		if (current < 0 || current < limit) {
			return null;
		}
		return "Cannot start " + what + ": the cgroup pids limit is reached (pids.current " + current + " of pids.max "
				+ limit + " in " + level + "), so the system cannot create another process; "
				+ "end processes or threads, or raise the container's pids limit (docker --pids-limit, Kubernetes "
				+ "podPidsLimit)";
	}

	private void remember(Path level, long max) {
		this.tightest = level;
		this.tightestMax = max;
		this.chosenAt = System.nanoTime();
		this.chosen = true;
	}

	/** Reads {@code pids.max}: a number, {@link PidsLimit#UNLIMITED}, or MIN_VALUE. */
	private static long readMax(Path level) {
		String text = readText(level.resolve("pids.max"));
		if (text == null) {
			return Long.MIN_VALUE;
		}
		if (text.equals("max")) {
			return PidsLimit.UNLIMITED;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return PidsLimit.UNLIMITED;
		}
	}

	private static long readNumber(Path file) {
		String text = readText(file);
		try {
			return (text != null) ? Long.parseLong(text) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String readText(Path file) {
		try {
			return Files.readString(file, StandardCharsets.ISO_8859_1).trim();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "CgroupPids[" + (this.levels.isEmpty() ? "none" : this.levels) + "]";
	}

}
