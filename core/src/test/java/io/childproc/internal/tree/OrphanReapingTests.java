package io.childproc.internal.tree;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.ChildJvm.Run;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that orphans adopted by the JVM are reaped, while the JDK's own children keep
 * their exact exit codes. Each runs {@link OrphanReapingMain} in a JVM of its own: as PID
 * 1 in a new pid namespace, and as a child subreaper.
 */
class OrphanReapingTests {

	private static final int ORPHANS = 200;

	@TempDir
	Path temp;

	@Test
	void asPid1InANewPidNamespaceOrphansAreReapedAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		ChildJvm.assumeUnshare();
		List<String> command = new ArrayList<>(ChildJvm.NEW_PID_NAMESPACE);
		command.addAll(javaCommand("pid1"));
		Run result = run(command);
		ChildJvm.assumeNamespaceAllowed(result);
		assertPassed(result);
		assertThat(result.stdout()).contains("READY pid=1 mode=pid1");
	}

	@Test
	void asChildSubreaperWithoutANamespaceOrphansAreReapedAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		Run result = run(javaCommand("subreaper"));
		assertPassed(result);
		assertThat(result.stdout()).contains("subreaper: true");
	}

	private void assertPassed(Run result) {
		System.out.println(result.stdout());
		assertThat(result.stdout()).as(result.stdout() + result.stderr())
			.contains("reaps orphans: true")
			.contains("zombies left: 0")
			.contains("exit codes checked: " + (2 * ORPHANS) + ", wrong: 0")
			.contains("PASSED");
		assertThat(result.exitCode()).isZero();
	}

	private static List<String> javaCommand(String mode) {
		return ChildJvm.command(OrphanReapingMain.class, mode, Integer.toString(ORPHANS));
	}

	private Run run(List<String> command) throws Exception {
		return ChildJvm.run(command, this.temp, Duration.ofSeconds(100));
	}

}
