package io.childproc.internal.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LinuxProcessTable} against a fake {@code /proc} written to a temporary
 * folder: names with spaces and parentheses, malformed lines, processes that vanish while
 * the table is read.
 */
class LinuxProcessTableTests extends FakeProcSupport {

	@Test
	void shortNameWithSpacesAndParenthesesEndsAtTheLastParenthesis() throws Exception {
		writeStat(200, "evil) S 1 (x", 'S', SELF, SELF_START + 1);
		assertThat(table().list()).singleElement().satisfies((stat) -> {
			assertThat(stat.comm()).isEqualTo("evil) S 1 (x");
			assertThat(stat.state()).isEqualTo(ProcessState.SLEEPING);
			assertThat(stat.ppid()).isEqualTo(SELF);
			assertThat(stat.startTime()).isEqualTo(SELF_START + 1);
		});
	}

	@Test
	void cpuTimeIsUserPlusSystemTicks() throws Exception {
		writeStat(200, "busy", 'R', SELF, SELF_START + 1);
		assertThat(table().list()).singleElement().satisfies((stat) -> assertThat(stat.cpuTicks()).isEqualTo(7 + 5));
	}

	@Test
	void malformedLinesAreLeftOutAndTheRestIsRead() throws Exception {
		writeStat(200, "good", 'S', SELF, SELF_START + 1);
		write(201, "stat", "201 (no closing parenthesis S 100 1 1 0");
		write(202, "stat", "202 (short) S 100");
		write(203, "stat", "203 (letters) S abc 1 1 0 -1 0 0 0 0 0 7 5 0 0 20 0 1 0 5001 0 0");
		write(204, "stat", "");
		assertThat(table().list()).extracting(ProcessStat::pid).containsExactly(200L);
	}

	@Test
	void processThatVanishedWhileListedIsLeftOut() throws Exception {
		writeStat(200, "stays", 'S', SELF, SELF_START + 1);
		// Listed in the folder, but its files are gone: it ended between the listing and
		// the read.
		Files.createDirectories(this.proc.resolve("201"));
		assertThat(table().list()).extracting(ProcessStat::pid).containsExactly(200L);
		assertThat(table().process(201)).isEmpty();
	}

	@Test
	void entriesThatAreNotPidsAreIgnored() throws Exception {
		writeStat(200, "child", 'S', SELF, SELF_START + 1);
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("uptime"), "1.0 2.0");
		assertThat(table().list()).extracting(ProcessStat::pid).containsExactly(200L);
	}

	@Test
	void descendantsComeFromOnePassOverStatParentsFirst() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		writeStat(300, "sh", 'S', SELF, SELF_START + 1);
		writeStat(301, "sleep", 'S', 300, SELF_START + 2);
		writeStat(302, "sleep", 'Z', 301, SELF_START + 3);
		writeStat(400, "stranger", 'S', 1, SELF_START + 1);
		write(300, "cmdline", "sh\0-c\0sleep 60 & wait\0");
		write(301, "cmdline", "sleep\0" + "60\0");
		Files.createSymbolicLink(this.proc.resolve("301/exe"), Path.of("/usr/bin/sleep"));
		List<ProcessInfo> descendants = table().descendants(SELF);
		assertThat(descendants).extracting(ProcessInfo::pid).containsExactly(300L, 301L, 302L);
		assertThat(descendants.get(0).command()).containsExactly("sh", "-c", "sleep 60 & wait");
		assertThat(descendants.get(1).executable()).isEqualTo("/usr/bin/sleep");
		assertThat(descendants.get(2).command()).as("a zombie shows only its short name").containsExactly("sleep");
		assertThat(descendants.get(2).isZombie()).isTrue();
	}

	@Test
	void descendantsOfSeveralRootsComeFromOnePass() throws Exception {
		writeStat(300, "sh", 'S', SELF, SELF_START + 1);
		writeStat(301, "sleep", 'S', 300, SELF_START + 2);
		writeStat(400, "sh", 'S', SELF, SELF_START + 1);
		writeStat(401, "sleep", 'S', 400, SELF_START + 2);
		writeStat(402, "sleep", 'S', 401, SELF_START + 3);
		Map<Long, List<ProcessInfo>> found = table().descendants(List.of(300L, 400L, 999L));
		assertThat(found.get(300L)).extracting(ProcessInfo::pid).containsExactly(301L);
		assertThat(found.get(400L)).extracting(ProcessInfo::pid).containsExactly(401L, 402L);
		assertThat(found.get(999L)).isEmpty();
	}

	@Test
	void titleRewrittenInPlaceIsOneElementWithoutTrailingPadding() throws Exception {
		writeStat(200, "supervisor --pa", 'S', SELF, SELF_START + 1);
		write(200, "cmdline", "supervisor --password=x\0\0\0\0");
		assertThat(table().process(200))
			.hasValueSatisfying((process) -> assertThat(process.command()).containsExactly("supervisor --password=x"));
	}

	@Test
	void environmentGivesOnlyTheVariablesAskedFor() throws Exception {
		writeStat(200, "child", 'S', SELF, SELF_START + 1);
		write(200, "environ", "PATH=/bin\0CHILDPROC_OWNER=abc\0SECRET=s3cret\0CHILDPROC_CHILD=7\0");
		assertThat(table().environment(200, Set.of("CHILDPROC_OWNER", "CHILDPROC_CHILD", "MISSING")))
			.isEqualTo(Map.of("CHILDPROC_OWNER", "abc", "CHILDPROC_CHILD", "7"));
	}

	@Test
	void markedProcessesAreLookedForOnlyAmongThoseStartedSinceTheJvm() throws Exception {
		writeStat(SELF, "java", 'S', 1, SELF_START);
		write(SELF, "environ", "CHILDPROC_OWNER=abc\0");
		writeStat(200, "escaped", 'S', 1, SELF_START + 10);
		write(200, "environ", "CHILDPROC_OWNER=abc\0CHILDPROC_CHILD=3\0");
		writeStat(201, "older", 'S', 1, SELF_START - 10);
		write(201, "environ", "CHILDPROC_OWNER=abc\0CHILDPROC_CHILD=4\0");
		writeStat(202, "other", 'S', 1, SELF_START + 10);
		write(202, "environ", "CHILDPROC_OWNER=xyz\0");
		writeStat(203, "kworker/0:1", 'I', 2, SELF_START + 10);
		write(203, "environ", "CHILDPROC_OWNER=abc\0");
		List<MarkedProcess> found = table().findByEnvironment("CHILDPROC_OWNER", "abc", "CHILDPROC_CHILD");
		assertThat(found).singleElement().satisfies((marked) -> {
			assertThat(marked.process().pid()).isEqualTo(200);
			assertThat(marked.mark()).isEqualTo("3");
		});
	}

	@Test
	void realProcessTableListsThisJvmWithItsParent() {
		Processes.assumeLinux();
		long self = ProcessHandle.current().pid();
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
		assertThat(LinuxProcessTable.system().list()).anySatisfy((stat) -> {
			assertThat(stat.pid()).isEqualTo(self);
			assertThat(stat.ppid()).isEqualTo(parent);
			assertThat(stat.state()).isNotEqualTo(ProcessState.UNKNOWN);
		});
	}

}
