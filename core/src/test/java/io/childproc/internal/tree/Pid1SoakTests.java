package io.childproc.internal.tree;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.ChildJvm.Run;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PID-1 soak ({@link Pid1SoakMain}) in a new pid namespace: orphans made at a steady
 * pace are all reaped, no zombie outlives the monitor's one-second rule after any scan,
 * and JDK-launched children keep their exit codes. The default is 200 orphans over 10 s;
 * {@code -Dchildproc.soak.orphans=2000 -Dchildproc.soak.seconds=60} runs the full size.
 */
class Pid1SoakTests {

	private static final int ORPHANS = Integer.getInteger("childproc.soak.orphans", 200);

	private static final int SECONDS = Integer.getInteger("childproc.soak.seconds", 10);

	@TempDir
	Path temp;

	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void orphansMadeAtASteadyPaceAreReapedScanAfterScanAndJdkChildrenKeepTheirExitCodes() throws Exception {
		Processes.assumeLinux();
		ChildJvm.assumeUnshare();
		List<String> command = new ArrayList<>(ChildJvm.NEW_PID_NAMESPACE);
		command.addAll(ChildJvm.command(Pid1SoakMain.class, Integer.toString(ORPHANS), Integer.toString(SECONDS)));
		// Generous on a busy machine: the starts may not keep the pace.
		Run run = ChildJvm.run(command, this.temp, Duration.ofSeconds(SECONDS + 180 + ORPHANS / 5));
		ChildJvm.assumeNamespaceAllowed(run);
		run.stdout().lines().filter((line) -> line.startsWith("SOAK")).forEach(System.out::println);
		assertThat(run.stdout()).as(run.stdout() + run.stderr())
			.contains("READY pid=1", "reaps orphans: true", "overdueAfterScan=0 zombiesLeft=0",
					"exitCodesChecked=" + (2 * ORPHANS) + " wrong=0", "PASSED");
		assertThat(run.exitCode()).isZero();
	}

}
