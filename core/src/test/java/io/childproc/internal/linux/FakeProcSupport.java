package io.childproc.internal.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * A fake {@code /proc} written to a temporary folder, for the tests of
 * {@link LinuxProcessTable}: a {@code stat} (and any other file) per pid, and a table
 * that reads it as the JVM {@link #SELF}.
 */
abstract class FakeProcSupport {

	static final long SELF = 100;

	static final long SELF_START = 5000;

	@TempDir
	Path proc;

	LinuxProcessTable table() {
		return new LinuxProcessTable(this.proc, SELF);
	}

	void writeStat(long pid, String comm, char state, long ppid, long startTime) throws Exception {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
		// cmajflt
		// utime stime cutime cstime priority nice threads itreal starttime vsize ...
		write(pid, "stat", pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid
				+ " 0 -1 4194304 10 0 0 0 7 5 0 0 20 0 1 0 " + startTime + " 2220032 210 18446744073709551615\n");
	}

	void write(long pid, String file, String content) throws Exception {
		Path dir = Files.createDirectories(this.proc.resolve(Long.toString(pid)));
		Files.write(dir.resolve(file), content.getBytes(StandardCharsets.ISO_8859_1));
	}

}
