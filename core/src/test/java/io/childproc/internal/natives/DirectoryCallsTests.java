package io.childproc.internal.natives;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DirectoryCalls} through JNA: {@code getdents64} lists the numbered
 * entries of a directory with the inode numbers {@code stat(2)} gives.
 */
class DirectoryCallsTests {

	@TempDir
	Path folder;

	@Test
	void listsTheNumberedEntriesWithTheirInodeNumbers() throws Exception {
		DirectoryCalls calls = bound();
		for (String name : new String[] { "1", "42", "4194304", "self", "7a", "12345678901234567890123", ".x" }) {
			Files.createDirectory(this.folder.resolve(name));
		}
		Files.createFile(this.folder.resolve("99"));
		Map<Long, Long> listed = listed(calls.numberedEntries(this.folder.toString()));
		assertThat(listed).containsOnlyKeys(1L, 42L, 4194304L, 99L);
		for (Map.Entry<Long, Long> entry : listed.entrySet()) {
			assertThat(entry.getValue()).as("inode of %s", entry.getKey())
				.isEqualTo(inode(this.folder.resolve(Long.toString(entry.getKey()))));
		}
	}

	@Test
	void listsTheProcessesOfProcWithTheInodeNumbersOfTheirDirectories() throws Exception {
		DirectoryCalls calls = bound();
		long self = ProcessHandle.current().pid();
		Map<Long, Long> listed = listed(calls.numberedEntries("/proc"));
		assertThat(listed).containsKey(self).containsKey(1L);
		assertThat(listed.get(self)).isEqualTo(inode(Path.of("/proc", Long.toString(self))));
		// Every directory of /proc named by a number, and nothing else, but for the
		// processes that started or ended in between.
		long named;
		try (var names = Files.list(Path.of("/proc"))) {
			named = names.filter((path) -> path.getFileName().toString().matches("[0-9]+")).count();
		}
		assertThat((long) listed.size()).isCloseTo(named, org.assertj.core.data.Offset.offset(20L));
	}

	@Test
	void aDirectoryThatCannotBeOpenedIsACallFailure() {
		DirectoryCalls calls = bound();
		assertThatExceptionOfType(PidfdCalls.CallFailedException.class)
			.isThrownBy(() -> calls.numberedEntries(this.folder.resolve("missing").toString()))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(2));
	}

	private static DirectoryCalls bound() {
		DirectoryCalls calls = Natives.directoryCalls();
		assumeTrue(calls != null, "needs JNA with native access on 64-bit Linux");
		return calls;
	}

	private static Map<Long, Long> listed(DirectoryCalls.NumberedEntries entries) {
		Map<Long, Long> listed = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			listed.put(entries.number(i), entries.inode(i));
		}
		return listed;
	}

	private static long inode(Path path) throws Exception {
		return (Long) Files.readAttributes(path, "unix:ino").get("ino");
	}

}
