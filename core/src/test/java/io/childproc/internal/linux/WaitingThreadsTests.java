package io.childproc.internal.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the pids the JVM's threads wait for are read right, which is how a child the
 * JDK launched is told from an adopted orphan.
 */
class WaitingThreadsTests {

	@TempDir
	Path tasks;

	@Test
	void aChildStartedWithAPlainProcessBuilderIsWaitedForByAThread() throws Exception {
		Processes.assumeLinux();
		String arch = System.getProperty("os.arch");
		assumeThat(arch).as("the system call numbers are known for x86-64 and AArch64 only").isIn("amd64", "aarch64");
		Process child = new ProcessBuilder("sleep", "60").start();
		try {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> new WaitingThreads().waitedPids().orElseThrow().contains(child.pid()));
		}
		finally {
			child.destroyForcibly().waitFor();
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !new WaitingThreads().waitedPids().orElseThrow().contains(child.pid()));
	}

	@Test
	void wait4AndWaitidForOnePidAreReadOnX8664() throws Exception {
		thread(1, "61 0x4751 0x7fed03efe700 0x0 0x0 0x0 0xfffffff0 0x7fed03efe6d0 0x7fed0bf13c17");
		thread(2, "247 0x1 0x2a 0x7fed03efe700 0x4 0x0 0x0 0x7fed03efe6d0 0x7fed0bf13c17");
		thread(3, "202 0x7fed0417bfd0 0x80 0x0 0x0 0x0 0x0 0x7fed03efe6d0 0x7fed0bf13c17");
		thread(4, "running");
		thread(5, "-1 0x7fed03efe6d0 0x7fed0bf13c17");
		assertThat(new WaitingThreads(this.tasks, "amd64").waitedPids()).contains(Set.of(0x4751L, 42L));
	}

	@Test
	void waitingForAnyChildOrAProcessGroupOrAPidfdNamesNoPid() throws Exception {
		thread(1, "61 0xffffffffffffffff 0x7fed03efe700 0x0 0x0 0x0 0xfffffff0 0x7fed03efe6d0 0x7fed0bf13c17");
		thread(2, "61 0x0 0x7fed03efe700 0x0 0x0 0x0 0xfffffff0 0x7fed03efe6d0 0x7fed0bf13c17");
		thread(3, "247 0x3 0x2a 0x7fed03efe700 0x4 0x0 0x0 0x7fed03efe6d0 0x7fed0bf13c17");
		assertThat(new WaitingThreads(this.tasks, "amd64").waitedPids()).contains(Set.of());
	}

	@Test
	void aarch64NumbersAreItsOwn() throws Exception {
		thread(1, "260 0x4751 0x0 0x0 0x0 0x0 0x0 0x0 0x0");
		thread(2, "61 0x99 0x0 0x0 0x0 0x0 0x0 0x0 0x0");
		assertThat(new WaitingThreads(this.tasks, "aarch64").waitedPids()).contains(Set.of(0x4751L));
	}

	@Test
	void anUnknownArchitectureCannotTell() throws Exception {
		thread(1, "61 0x4751 0x0 0x0 0x0 0x0 0x0 0x0 0x0");
		assertThat(new WaitingThreads(this.tasks, "riscv64").waitedPids()).isEqualTo(Optional.empty());
	}

	@Test
	void aThreadThatCannotBeReadMeansItCannotTell() throws Exception {
		thread(1, "61 0x4751 0x0 0x0 0x0 0x0 0x0 0x0 0x0");
		// A directory where the file should be: reading it fails, as a denied read would.
		Files.createDirectories(this.tasks.resolve("2").resolve("syscall"));
		assertThat(new WaitingThreads(this.tasks, "amd64").waitedPids()).isEqualTo(Optional.empty());
	}

	@Test
	void aThreadThatEndedSinceTheListingIsSkipped() throws Exception {
		thread(1, "61 0x4751 0x0 0x0 0x0 0x0 0x0 0x0 0x0");
		Files.createDirectories(this.tasks.resolve("2"));
		assertThat(new WaitingThreads(this.tasks, "amd64").waitedPids()).contains(Set.of(0x4751L));
	}

	private void thread(int tid, String syscall) throws Exception {
		Path dir = Files.createDirectories(this.tasks.resolve(Integer.toString(tid)));
		Files.writeString(dir.resolve("syscall"), syscall + "\n");
	}

}
