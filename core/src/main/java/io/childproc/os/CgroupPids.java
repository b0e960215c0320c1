package io.childproc.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cgroup v2 pids controller the JVM is in, when one is visible: {@code pids.current}
 * and {@code pids.max} in the JVM's own cgroup directory (from
 * {@code /proc/self/cgroup}), else at the root of {@code /sys/fs/cgroup}, as in a
 * container with its own cgroup namespace.
 * <p>
 * {@link #refusal(String)} is cheap enough to call before every start: without a limit it
 * reads nothing (the limit is read again at most once a second); with one, it reads only
 * {@code pids.current}.
 */
public final class CgroupPids {

	private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** A controller that is not there: every read is empty and nothing is refused. */
	public static final CgroupPids NONE = new CgroupPids(null);

	private static volatile CgroupPids system;

	private final Path directory;

	private volatile long max = PidsLimit.UNLIMITED;

	private volatile long maxReadAt;

	private volatile boolean maxRead;

	/**
	 * Creates a reader of the pids controller in a cgroup directory.
	 * @param directory the directory holding {@code pids.current} and {@code pids.max},
	 * or {@code null} for none
	 */
	public CgroupPids(Path directory) {
		this.directory = directory;
	}

	/**
	 * Returns the pids controller of the JVM's cgroup, located once.
	 * @return the controller, or {@link #NONE} when no cgroup v2 pids controller is
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

	static CgroupPids locate(Path root, Path selfCgroup) {
		try {
			for (String line : Files.readAllLines(selfCgroup, StandardCharsets.ISO_8859_1)) {
				if (line.startsWith("0::")) {
					String relative = line.substring(3).replaceFirst("^/+", "");
					Path own = relative.isEmpty() ? root : root.resolve(relative);
					if (hasFiles(own)) {
						return new CgroupPids(own);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or no cgroups: fall through.
		}
		return hasFiles(root) ? new CgroupPids(root) : NONE;
	}

	private static boolean hasFiles(Path directory) {
		return Files.isReadable(directory.resolve("pids.current")) && Files.isReadable(directory.resolve("pids.max"));
	}

	/**
	 * Whether a pids controller is visible.
	 * @return whether {@link #read()} can return a value
	 */
	public boolean available() {
		return this.directory != null;
	}

	/**
	 * Reads the count and the limit now.
	 * @return the count and limit, or empty when no controller is visible or it cannot be
	 * read
	 */
	public Optional<PidsLimit> read() {
		if (this.directory == null) {
			return Optional.empty();
		}
		long limit = readMax();
		long current = readNumber("pids.current");
		return (current >= 0 && this.maxRead) ? Optional.of(new PidsLimit(current, limit)) : Optional.empty();
	}

	/**
	 * Says why a start must be refused: when the cgroup already holds {@code pids.max}
	 * processes and threads, a new process cannot be created.
	 * @param what what is being started, for the message
	 * @return the reason to refuse the start, or {@code null} when it fits
	 */
	public String refusal(String what) {
		if (this.directory == null) {
			return null;
		}
		long limit = (System.nanoTime() - this.maxReadAt > MAX_AGE_NANOS || !this.maxRead) ? readMax() : this.max;
		if (limit == PidsLimit.UNLIMITED) {
			return null;
		}
		long current = readNumber("pids.current");
		if (current < 0 || current < limit) {
			return null;
		}
		return "Cannot start " + what + ": the cgroup pids limit is reached (pids.current " + current + " of pids.max "
				+ limit + " in " + this.directory + "), so the system cannot create another process; "
				+ "end processes or threads, or raise the container's pids limit (docker --pids-limit, Kubernetes "
				+ "podPidsLimit)";
	}

	private long readMax() {
		String text = readText("pids.max");
		long value = PidsLimit.UNLIMITED;
		if (text != null && !text.equals("max")) {
			try {
				value = Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				value = PidsLimit.UNLIMITED;
			}
		}
		this.max = value;
		this.maxRead = text != null;
		this.maxReadAt = System.nanoTime();
		return value;
	}

	private long readNumber(String file) {
		String text = readText(file);
		try {
			return (text != null) ? Long.parseLong(text) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private String readText(String file) {
		try {
			return Files.readString(this.directory.resolve(file), StandardCharsets.ISO_8859_1).trim();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "CgroupPids[" + ((this.directory != null) ? this.directory : "none") + "]";
	}

}
