package io.childproc.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.childproc.internal.natives.DirectoryCalls;
import org.jspecify.annotations.Nullable;

/**
 * One listing of {@code /proc} that builds on the listing before
 * ({@link ProcessTable#list(ProcessListing, Set)}), reading the {@code stat} only of the
 * processes that may have changed. A process outside {@code reread} keeps its earlier
 * reading while the identity of its {@code /proc/<pid>} directory (inode number and time,
 * one {@code stat(2)}, taken before the earlier reading) is unchanged: a new process with
 * the same pid gets a new directory. It is read again when its parent ended or was
 * replaced, since it may have been reparented (a parent's death is the only way a process
 * changes parent), and, when the JVM is PID 1, when its parent is outside the pid
 * namespace (pid 0): such a process is adopted by PID 1 when that parent ends.
 */
final class IncrementalListing {

	/** A {@code stat} line is a few hundred bytes; only its first 49 fields are read. */
	private static final int STAT_BUFFER = 1024;

	private final Path proc;

	private final long self;

	private final StatReader reader;

	private final ProcessListing previous;

	private final Set<Long> reread;

	private final @Nullable DirectoryCalls directories;

	IncrementalListing(Path proc, long self, StatReader reader, ProcessListing previous, Set<Long> reread,
			@Nullable DirectoryCalls directories) {
		this.proc = proc;
		this.directories = directories;
		this.self = self;
		this.reader = reader;
		this.previous = previous;
		this.reread = reread;
	}

	ProcessListing list() {
		ProcessListing previous = this.previous;
		Set<Long> reread = this.reread;
		Listed listed = listed();
		if (listed == null) {
			return ProcessListing.EMPTY;
		}
		if (listed.numbered != null && previous.listed() != null && listed.numbered.sameAs(previous.listed())) {
			ProcessListing unchanged = unchanged(listed.numbered);
			if (unchanged != null) {
				return unchanged;
			}
		}
		Map<Long, ProcessListing.Entry> entries = new HashMap<>(listed.size() * 2);
		Set<Long> present = new HashSet<>(listed.size() * 2);
		Set<Long> replaced = new HashSet<>();
		List<Long> toRead = new ArrayList<>();
		// The identities the listing gave of the processes to read, taken before the
		// read.
		Map<Long, Object> listedIdentities = new HashMap<>();
		for (int i = 0; i < listed.size(); i++) {
			long pid = listed.pid(i);
			if (pid <= 0) {
				continue;
			}
			present.add(pid);
			Object listedIdentity = listed.identity(i);
			ProcessListing.Entry known = previous.entry(pid);
			if (known == null || known.identity() == null || reread.contains(pid)) {
				toRead.add(pid);
				if (listedIdentity != null) {
					listedIdentities.put(pid, listedIdentity);
				}
				continue;
			}
			Object identity = (listedIdentity != null) ? listedIdentity : identity(Long.toString(pid));
			if (identity == null) {
				// Ended since the directory was listed.
				present.remove(pid);
			}
			else if (identity.equals(known.identity())) {
				entries.put(pid, known);
			}
			else {
				replaced.add(pid);
				toRead.add(pid);
				listedIdentities.put(pid, identity);
			}
		}
		byte[] buffer = new byte[STAT_BUFFER];
		int read = 0;
		do {
			for (Long pid : toRead) {
				String name = pid.toString();
				// The identity before the read: a pid reused after it is caught next
				// time. A process to reread takes the one the listing gave, where it gave
				// one, so that it is kept once it is no longer to reread.
				Object identity = listed.identified() ? listedIdentities.get(pid)
						: (reread.contains(pid) ? null : identity(name));
				ProcessStat stat = (identity != null || reread.contains(pid)) ? this.reader.read(pid, name, buffer)
						: null;
				read++;
				ProcessListing.Entry known = previous.entry(pid);
				if (stat == null) {
					present.remove(pid);
					entries.remove(pid);
				}
				else {
					entries.put(pid, new ProcessListing.Entry(stat, identity));
				}
				if (known != null && (stat == null || stat.startTime() != known.stat().startTime())) {
					replaced.add(pid);
				}
			}
			toRead = reparentable(entries, previous, present, replaced, listedIdentities);
		}
		while (!toRead.isEmpty());
		return new ProcessListing(entries, read, listed.numbered);
	}

	/**
	 * The listing when {@code /proc} holds the same entries as before, inode numbers
	 * included: no process ended, none started, no pid was reused, so no process was
	 * reparented and every kept reading stands; only the processes to {@code reread} are
	 * read. What the general case would do otherwise (a process to reread ended or was
	 * replaced since it was listed, a reading kept without identity, a JVM that is PID 1,
	 * whose processes with a parent outside its namespace are read at every listing) is
	 * left to it.
	 * @return the listing, or {@code null} to take the general case
	 */
	private @Nullable ProcessListing unchanged(DirectoryCalls.NumberedEntries numbered) {
		if (this.self == 1) {
			return null;
		}
		Map<Long, ProcessListing.Entry> entries = new HashMap<>(this.previous.entries());
		for (Map.Entry<Long, ProcessListing.Entry> kept : entries.entrySet()) {
			if (kept.getValue().identity() == null && !this.reread.contains(kept.getKey())) {
				return null;
			}
		}
		byte[] buffer = new byte[STAT_BUFFER];
		int read = 0;
		for (Long pid : this.reread) {
			ProcessListing.Entry known = entries.get(pid);
			if (known == null) {
				// Not listed: ended before this listing, as before.
				continue;
			}
			ProcessStat stat = this.reader.read(pid, pid.toString(), buffer);
			read++;
			if (stat == null || stat.startTime() != known.stat().startTime()) {
				return null;
			}
			// Same entry, same start time: the identity kept still names it.
			entries.put(pid, new ProcessListing.Entry(stat, known.identity()));
		}
		return new ProcessListing(entries, read, numbered);
	}

	/**
	 * Lists {@code /proc}: through {@code getdents64} with each directory's inode number
	 * where the native calls are bound, else by name, the identities then taken one
	 * {@code stat(2)} each.
	 * @return the listing, or {@code null} when the directory cannot be read
	 */
	private @Nullable Listed listed() {
		if (this.directories != null) {
			try {
				return new Listed(null, this.directories.numberedEntries(this.proc.toString()));
			}
			catch (RuntimeException ex) {
				// Read it through Java below, which says nothing either when it fails.
			}
		}
		String[] names = this.proc.toFile().list();
		return (names != null) ? new Listed(names, null) : null;
	}

	/**
	 * Returns the processes kept from the listing before whose parent ended or was
	 * replaced since, or whose parent is outside the namespace of a JVM that is PID 1.
	 */
	private List<Long> reparentable(Map<Long, ProcessListing.Entry> entries, ProcessListing previous, Set<Long> present,
			Set<Long> replaced, Map<Long, Object> listedIdentities) {
		List<Long> found = new ArrayList<>();
		for (ProcessListing.Entry entry : entries.values()) {
			ProcessStat stat = entry.stat();
			if (entry != previous.entry(stat.pid())) {
				// Read in this listing.
				continue;
			}
			long ppid = stat.ppid();
			if ((ppid == 0) ? this.self == 1 : (replaced.contains(ppid) || !present.contains(ppid))) {
				found.add(stat.pid());
			}
		}
		for (Long pid : found) {
			// Read now, with a fresh identity: the listing's, equal to the one kept.
			ProcessListing.Entry kept = entries.remove(pid);
			if (kept != null && kept.identity() != null) {
				listedIdentities.put(pid, kept.identity());
			}
		}
		return found;
	}

	/**
	 * What names a process's {@code /proc/<pid>} directory: its file key (device and
	 * inode number) and time. Linux makes a new directory, with a new inode number, for
	 * each new process, so a pid reused by another process shows another identity.
	 * @return the identity, or {@code null} when the process has ended
	 */
	private @Nullable Object identity(String name) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(this.proc.resolve(name), BasicFileAttributes.class);
			return new DirectoryIdentity(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The identity of a {@code /proc/<pid>} directory.
	 */
	private record DirectoryIdentity(@Nullable Object fileKey, long modifiedNanos) {
	}

	/**
	 * Parses a {@code /proc} entry's name as a pid.
	 * @param name the name
	 * @return the pid, or -1 when the name is not one
	 */
	static long pidOf(String name) {
		if (name.isEmpty() || name.length() > 10) {
			return -1;
		}
		long pid = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			pid = pid * 10 + (c - '0');
		}
		return pid;
	}

	/**
	 * The entries of {@code /proc}: by name, or numbered with their inode numbers.
	 */
	private static final class Listed {

		private final String @Nullable [] names;

		private final DirectoryCalls.@Nullable NumberedEntries numbered;

		Listed(String @Nullable [] names, DirectoryCalls.@Nullable NumberedEntries numbered) {
			this.names = names;
			this.numbered = numbered;
		}

		int size() {
			return (this.numbered != null) ? this.numbered.size() : this.names.length;
		}

		long pid(int index) {
			return (this.numbered != null) ? this.numbered.number(index) : pidOf(this.names[index]);
		}

		/** Whether the listing gave each entry's identity. */
		boolean identified() {
			return this.numbered != null;
		}

		/**
		 * Returns the identity the listing gave an entry: its inode number.
		 */
		@Nullable Object identity(int index) {
			return (this.numbered != null) ? (Object) this.numbered.inode(index) : null;
		}

	}

	/**
	 * Reads one process's {@code stat}.
	 */
	@FunctionalInterface
	interface StatReader {

		@Nullable ProcessStat read(long pid, String name, byte[] buffer);

	}

}
