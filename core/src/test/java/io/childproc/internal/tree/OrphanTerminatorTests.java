package io.childproc.internal.tree;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessState;
import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.ChildJvm.Run;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests that a launcher's {@code close()} ends the orphans that the JVM adopted as a
 * child subreaper or as PID 1, and only those. Runs {@link OrphanTerminatorMain} in a JVM
 * of its own, so that this one never becomes a subreaper.
 */
class OrphanTerminatorTests {

	@TempDir
	Path temp;

	@Test
	void asSubreaperCloseEndsTheOrphansTheJvmAdoptedAndLeavesOtherCodesChildrenAlone() throws Exception {
		Processes.assumeLinux();
		String stdout = run(List.of());
		assertThat(stdout).contains("subreaper: true");
		assertEndedAsExpected(stdout);
	}

	@Test
	void asPid1CloseEndsTheOrphansTheJvmAdoptedAndLeavesOtherCodesChildrenAlone() throws Exception {
		Processes.assumeLinux();
		// The kernel ends every process of the namespace when its PID 1 exits.
		String stdout = run(ChildJvm.NEW_PID_NAMESPACE);
		if (!stdout.contains("pid: 1")) {
			String reason = "unshare --pid --fork --mount-proc was refused here: " + stdout;
			System.out.println("SKIPPED: " + reason);
			assumeThat(stdout).as(reason).contains("pid: 1");
		}
		assertEndedAsExpected(stdout);
	}

	private static void assertEndedAsExpected(String stdout) {
		// The premises: perl's new title overwrote the mark; b's orphan carries b's mark.
		assertThat(stdout).contains("retitled carries a mark: false");
		assertThat(stdout).contains("kill-escaped-off carries b's mark: true");
		assertThat(stdout).contains("after a.close: env-i ended: true, retitled ended: true, "
				+ "kill-escaped-off ended: false, plain-processbuilder ended: false");
		assertThat(stdout).contains("after b.close: kill-escaped-off ended: true, plain-processbuilder ended: false");
		assertThat(stdout).contains("zombie children: []");
		// Killed by the main's own destroyForcibly, not earlier.
		assertThat(stdout).contains("plain-processbuilder exit code: 137");
	}

	private String run(List<String> namespace) throws Exception {
		List<String> command = new ArrayList<>(namespace);
		command.addAll(ChildJvm.command(OrphanTerminatorMain.class, namespace.isEmpty() ? "subreaper" : "pid1"));
		try {
			Run run = ChildJvm.run(command, this.temp, Duration.ofSeconds(60));
			System.out.println(run.stdout());
			if (namespace.isEmpty() || run.stdout().contains("pid: 1")) {
				assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
			}
			return run.stdout();
		}
		finally {
			if (namespace.isEmpty()) {
				// Pids printed inside a pid namespace are not this namespace's pids.
				endWhatIsLeft(ChildJvm.read(this.temp.resolve("stdout")));
			}
		}
	}

	/**
	 * Ends every process the main reported, while it is still the same process: once the
	 * main's JVM has exited, its orphans belong to PID 1.
	 */
	private static void endWhatIsLeft(String stdout) {
		List<ProcessInfo> made = new ArrayList<>();
		for (String line : stdout.split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length == 4 && fields[0].equals("PROCESS")) {
				made.add(new ProcessInfo(Long.parseLong(fields[1]), 0, ProcessState.RUNNING, List.of(fields[3]),
						Long.parseLong(fields[2])));
			}
		}
		new ProcessTreeTerminator(Processes.table).terminate(made, Duration.ZERO);
	}

}
