package io.childproc.internal.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import io.childproc.internal.natives.DirectoryCalls;
import io.childproc.internal.natives.Natives;
import io.childproc.testsupport.Descendants;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for the listing that builds on the one before
 * ({@link ProcessTable#list(ProcessListing, Set)}): it reads only what may have changed,
 * and still sees every change that can bring a process into the JVM's tree. The fake
 * {@code /proc} models Linux's rule that a new process gets a new {@code /proc/<pid>}
 * directory: a pid reused is a directory deleted and made again (with another time), a
 * process changed in place keeps its directory.
 */
class IncrementalListingTests extends FakeProcSupport {

	@Test
	void aProcessThatDidNotChangeIsNotReadAgain() throws Exception {
		writeStat(1, "init", 'S', 0, 1);
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(500, "foreign", 'S', 1, 10);
		ProcessListing first = table().list(ProcessListing.EMPTY, Set.of());
		assertThat(first.statsRead()).isEqualTo(3);
		// Changed in place (same directory): the same process, not read again.
		writeStat(500, "foreign", 'R', 1, 10);
		ProcessListing second = table().list(first, Set.of());
		assertThat(second.statsRead()).isZero();
		assertThat(second.processes()).extracting(ProcessStat::pid).containsExactlyInAnyOrder(1L, SELF, 500L);
	}

	@Test
	void aPidReusedByANewProcessInTheTreeIsSeenByTheNextListing() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(500, "foreign", 'S', 1, 10);
		ProcessListing first = table().list(ProcessListing.EMPTY, Set.of());
		// The foreign process ended and a child of the JVM got its pid.
		reuse(500, "child", 'S', SELF, SELF_START + 7);
		ProcessListing second = table().list(first, Set.of());
		assertThat(new ProcessTreeIndex(second.processes()).descendants(SELF)).singleElement()
			.satisfies((stat) -> assertThat(stat.startTime()).isEqualTo(SELF_START + 7));
	}

	@Test
	void aProcessReparentedToTheJvmIsSeenByTheNextListing() throws Exception {
		ProcessListing first = listTheJvmAndAnOrphanToBe();
		assertThat(new ProcessTreeIndex(first.processes()).descendants(SELF)).isEmpty();
		// Its parent ended; the JVM (a subreaper, or PID 1) adopted it: its directory
		// stays, its stat changes.
		delete(599);
		assertTheNextListingSeesTheOrphanAdopted(first);
	}

	@Test
	void aProcessWhoseParentWasReplacedIsReadAgain() throws Exception {
		ProcessListing first = listTheJvmAndAnOrphanToBe();
		// The parent ended and its pid was reused at once; the orphan was adopted.
		reuse(599, "other", 'S', 1, 20);
		assertTheNextListingSeesTheOrphanAdopted(first);
	}

	@Test
	void aZombieThatAppearsInTheTreeIsSeenByTheNextListing() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(700, "child", 'S', SELF, SELF_START + 1);
		ProcessListing first = table().list(ProcessListing.EMPTY, Set.of());
		writeStat(700, "child", 'Z', SELF, SELF_START + 1);
		// The monitor reads the tree of the listing before again.
		ProcessListing second = table().list(first, Set.of(700L));
		assertThat(second.processes()).filteredOn((stat) -> stat.pid() == 700)
			.singleElement()
			.satisfies((stat) -> assertThat(stat.state()).isEqualTo(ProcessState.ZOMBIE));
	}

	@Test
	void listedWithInodeNumbersAnUnchangedDirectoryReadsOnlyTheTreeAndSeesItsZombie() throws Exception {
		DirectoryCalls calls = Natives.directoryCalls();
		assumeTrue(calls != null, "needs the native directory calls (Linux, native access)");
		LinuxProcessTable table = new LinuxProcessTable(this.proc, SELF, calls);
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(500, "foreign", 'S', 1, 10);
		writeStat(700, "child", 'S', SELF, SELF_START + 1);
		ProcessListing first = table.list(ProcessListing.EMPTY, Set.of());
		writeStat(700, "child", 'Z', SELF, SELF_START + 1);
		// Nothing started, ended or was replaced: only the tree of the listing before is
		// read, and what changed in it is seen.
		ProcessListing second = table.list(first, Set.of(700L));
		assertThat(second.statsRead()).isEqualTo(1);
		assertThat(second.processes()).extracting(ProcessStat::pid).containsExactlyInAnyOrder(SELF, 500L, 700L);
		assertThat(second.processes()).filteredOn((stat) -> stat.pid() == 700)
			.singleElement()
			.satisfies((stat) -> assertThat(stat.state()).isEqualTo(ProcessState.ZOMBIE));
		// A process ended and another started: the listing differs, and both are seen.
		delete(500);
		writeStat(600, "new", 'S', SELF, SELF_START + 2);
		ProcessListing third = table.list(second, Set.of(700L));
		assertThat(new ProcessTreeIndex(third.processes()).descendants(SELF)).extracting(ProcessStat::pid)
			.containsExactlyInAnyOrder(600L, 700L);
		assertThat(third.processes()).extracting(ProcessStat::pid).doesNotContain(500L);
	}

	@Test
	void asPid1AProcessWhoseParentIsOutsideTheNamespaceIsReadAgain() throws Exception {
		writeStat(1, "java", 'S', 0, SELF_START);
		writeStat(800, "exec-session", 'S', 0, SELF_START + 1);
		LinuxProcessTable init = new LinuxProcessTable(this.proc, 1);
		ProcessListing first = init.list(ProcessListing.EMPTY, Set.of());
		// Its parent outside the namespace (docker exec) ended: PID 1 adopts it.
		writeStat(800, "exec-session", 'S', 1, SELF_START + 1);
		ProcessListing second = init.list(first, Set.of());
		assertThat(new ProcessTreeIndex(second.processes()).descendants(1)).extracting(ProcessStat::pid)
			.containsExactly(800L);
	}

	@Test
	void aProcessThatEndedIsLeftOut() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(500, "foreign", 'S', 1, 10);
		ProcessListing first = table().list(ProcessListing.EMPTY, Set.of());
		delete(500);
		assertThat(table().list(first, Set.of()).processes()).extracting(ProcessStat::pid).containsExactly(SELF);
	}

	@Test
	void onTheRealProcTableANewChildIsReadAndTheRestIsKept() throws Exception {
		ProcessTable table = LinuxProcessTable.system();
		assumeTrue(table.available(), "needs /proc");
		long self = ProcessHandle.current().pid();
		ProcessListing first = table.list(ProcessListing.EMPTY, Set.of());
		Process child = new ProcessBuilder("sleep", "30").start();
		try {
			ProcessListing second = table.list(first, Set.of());
			assertThat(new ProcessTreeIndex(second.processes()).childrenOf(self)).extracting(ProcessStat::pid)
				.contains(child.pid());
			// Only what changed was read: far fewer processes than are listed.
			assertThat(second.statsRead()).isLessThan(second.size());
		}
		finally {
			child.destroyForcibly().waitFor();
			Descendants.assertNoneLeft(Duration.ofSeconds(30));
		}
	}

	@Test
	void onTheRealProcTableAPidReusedByANewChildIsSeenByTheNextListing() throws Exception {
		ProcessTable table = LinuxProcessTable.system();
		Path lastPid = Path.of("/proc/sys/kernel/ns_last_pid");
		assumeTrue(table.available() && Files.isWritable(lastPid), "needs /proc and root in the pid namespace");
		long self = ProcessHandle.current().pid();
		// A foreign process: an orphan, outside the JVM's tree.
		Process shell = new ProcessBuilder("sh", "-c", "sleep 60 </dev/null >/dev/null 2>&1 & echo $!").start();
		long foreign = Long
			.parseLong(new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
		shell.waitFor();
		Process child = null;
		try {
			ProcessListing first = table.list(ProcessListing.EMPTY, Set.of());
			assertThat(new ProcessTreeIndex(first.processes()).process(foreign)).isNotNull()
				.satisfies((stat) -> assertThat(stat.ppid()).isNotEqualTo(self));
			ProcessHandle.of(foreign).ifPresent(ProcessHandle::destroyForcibly);
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> !Files.exists(Path.of("/proc", Long.toString(foreign))));
			// The pid allocator gives the next process the foreign one's pid, unless
			// another process on the machine takes it first: then try again.
			for (int attempt = 0; attempt < 50 && (child == null || child.pid() != foreign); attempt++) {
				if (child != null) {
					child.destroyForcibly().waitFor();
				}
				Files.writeString(lastPid, Long.toString(foreign - 1));
				child = new ProcessBuilder("sleep", "60").start();
			}
			assumeTrue(child.pid() == foreign, "the pid was taken by other processes 50 times");
			long childStart = new ProcessTreeIndex(table.list()).process(foreign).startTime();
			ProcessListing second = table.list(first, Set.of());
			assertThat(new ProcessTreeIndex(second.processes()).childrenOf(self))
				.filteredOn((stat) -> stat.pid() == foreign)
				.singleElement()
				.satisfies((stat) -> assertThat(stat.startTime()).isEqualTo(childStart));
		}
		finally {
			ProcessHandle.of(foreign).ifPresent(ProcessHandle::destroyForcibly);
			if (child != null) {
				child.destroyForcibly().waitFor();
			}
			Descendants.assertNoneLeft(Duration.ofSeconds(30));
		}
	}

	@Test
	void aRepeatedMarkLookupReadsEachEnvironmentOnceAndAnEmptyOneAgain() throws Exception {
		writeStat(1, "init", 'S', 0, 1);
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(300, "marked", 'S', SELF, SELF_START + 1);
		write(300, "environ", "CHILDPROC_OWNER=owner-1\0CHILDPROC_CHILD=7\0");
		writeStat(301, "unmarked", 'S', 1, SELF_START + 2);
		write(301, "environ", "HOME=/root\0");
		writeStat(302, "in-exec", 'S', SELF, SELF_START + 3);
		write(302, "environ", "");
		writeStat(303, "older-than-the-jvm", 'S', 1, SELF_START - 1);
		write(303, "environ", "CHILDPROC_OWNER=owner-1\0");
		ProcessTable.MarkLookup lookup = table().markSearch(Mark.OWNER_VARIABLE, "owner-1", Mark.CHILD_VARIABLE);
		assertThat(lookup.find()).extracting((marked) -> marked.process().pid() + ":" + marked.mark())
			.containsExactly("300:7");
		// Had the lookup read 301 again it would find it now; 302 read empty (exec) and
		// is read again; 303 started before the JVM and is never read.
		write(301, "environ", "CHILDPROC_OWNER=owner-1\0");
		write(302, "environ", "CHILDPROC_OWNER=owner-1\0CHILDPROC_CHILD=8\0");
		assertThat(lookup.find()).extracting((marked) -> marked.process().pid() + ":" + marked.mark())
			.containsExactlyInAnyOrder("300:7", "302:8");
	}

	/**
	 * Lists the JVM and process 600, a child of 599: neither 599 nor 600 in the JVM's
	 * tree.
	 */
	private ProcessListing listTheJvmAndAnOrphanToBe() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(599, "parent", 'S', 1, 10);
		writeStat(600, "orphan", 'S', 599, 11);
		return table().list(ProcessListing.EMPTY, Set.of());
	}

	/**
	 * The orphan 600 adopted by the JVM, its directory kept: the listing after the given
	 * one finds it among the JVM's descendants.
	 */
	private void assertTheNextListingSeesTheOrphanAdopted(ProcessListing first) throws Exception {
		writeStat(600, "orphan", 'S', SELF, 11);
		ProcessListing second = table().list(first, Set.of());
		assertThat(new ProcessTreeIndex(second.processes()).descendants(SELF)).extracting(ProcessStat::pid)
			.containsExactly(600L);
	}

	/** A pid reused: the directory deleted and made again, later. */
	private void reuse(long pid, String comm, char state, long ppid, long startTime) throws Exception {
		Instant before = Files.getLastModifiedTime(this.proc.resolve(Long.toString(pid))).toInstant();
		delete(pid);
		writeStat(pid, comm, state, ppid, startTime);
		Files.setLastModifiedTime(this.proc.resolve(Long.toString(pid)), FileTime.from(before.plusSeconds(1)));
	}

	private void delete(long pid) throws Exception {
		try (Stream<Path> files = Files.walk(this.proc.resolve(Long.toString(pid)))) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}
