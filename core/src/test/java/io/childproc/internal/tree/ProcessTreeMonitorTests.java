package io.childproc.internal.tree;

import java.time.Duration;
import java.util.List;

import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ProcessTreeMonitor} with real processes.
 */
class ProcessTreeMonitorTests {

	private static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);

	/** One scan interval, plus what the scan itself may take on a busy 2-core machine. */
	private static final Duration ONE_SCAN = SCAN_INTERVAL.plusSeconds(2);

	/** A zombie counts once two scans in a row saw it. */
	private static final Duration TWO_SCANS = ONE_SCAN.plus(SCAN_INTERVAL);

	private DefaultProcessLauncher launcher;

	private ProcessTreeMonitor monitor;

	@BeforeEach
	void startLauncherAndMonitor() {
		Processes.assumeLinux();
		this.launcher = Processes.launcherWithShortGrace();
		this.monitor = new ProcessTreeMonitor(this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(SCAN_INTERVAL).withMaxZombies(0));
	}

	@AfterEach
	void closeAndKillWhatIsLeft() {
		Processes.closeAndKillMarked(this.monitor, this.launcher);
	}

	@Test
	void zombieGrandchildAppearsWithinTwoScanIntervalsAndDisappearsOnceItsParentIsTerminated() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "sleep 0 & exec sleep 60");
		ProcessTreeSnapshot snapshot = await().atMost(TWO_SCANS)
			.until(this.monitor::snapshot, (scanned) -> scanned.zombieCount() == 1);
		ZombieProcess zombie = snapshot.zombies().get(0);
		assertThat(zombie.ppid()).isEqualTo(child.pid());
		assertThat(zombie.childPid()).isEqualTo(child.pid());
		assertThat(zombie.command()).isEqualTo("sleep");
		assertThat(zombie.parentCommand()).containsExactly("sleep", "60");
		assertThat(snapshot.descendantsOf(child.pid())).singleElement()
			.satisfies((process) -> assertThat(process.state()).isEqualTo(ProcessState.ZOMBIE));
		assertThat(child.terminate(Duration.ofSeconds(2))).isTrue();
		await().atMost(ONE_SCAN).untilAsserted(() -> assertThat(this.monitor.zombieCount()).isZero());
		assertThat(this.monitor.snapshot().descendants()).noneMatch((process) -> process.pid() == zombie.pid());
	}

	@Test
	void zombieStreakCountsScansInARowAboveTheLimit() throws Exception {
		this.monitor.close();
		this.monitor = new ProcessTreeMonitor(this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO).withMaxZombies(0));
		this.launcher.start("sh", "-c", "sleep 0 & exec sleep 60");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.monitor.scan().zombieCount() == 1);
		int streak = this.monitor.snapshot().zombieStreak();
		assertThat(this.monitor.scan().zombieStreak()).isEqualTo(streak + 1);
		this.launcher.children().forEach((child) -> child.terminate(Duration.ZERO));
		assertThat(this.monitor.scan().zombieStreak()).isZero();
	}

	@Test
	void processThatLeftTheTreeWithSetsidIsListedAsEscapedWithItsChild() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "setsid -f sleep 61; exec sleep 60");
		await().atMost(ONE_SCAN.multipliedBy(2))
			.untilAsserted(() -> assertThat(this.monitor.snapshot().escaped()).singleElement().satisfies((escaped) -> {
				assertThat(escaped.process().commandLine()).isEqualTo("sleep 61");
				assertThat(escaped.childPid()).isEqualTo(child.pid());
			}));
		assertThat(this.monitor.snapshot().descendants()).extracting(ProcessInfo::commandLine)
			.doesNotContain("sleep 61");
	}

	@Test
	void descendantsOfEachChildAreListedWithTheirState() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "sleep 61 & exec sleep 60");
		await().atMost(ONE_SCAN.multipliedBy(2))
			.untilAsserted(() -> assertThat(this.monitor.snapshot().descendantsOf(child.pid())).singleElement()
				.satisfies((process) -> {
					assertThat(process.commandLine()).isEqualTo("sleep 61");
					assertThat(process.ppid()).isEqualTo(child.pid());
					assertThat(process.state()).isEqualTo(ProcessState.SLEEPING);
				}));
	}

	@Test
	void monitorOnASystemWithoutProcIsUnavailableAndNeverFails() {
		try (ProcessTreeMonitor unavailable = new ProcessTreeMonitor(ProcessTable.UNAVAILABLE, ReapingCalls.UNAVAILABLE,
				CgroupPids.NONE, this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withSubreaper(true))) {
			ProcessTreeSnapshot snapshot = unavailable.scan();
			assertThat(snapshot.available()).isFalse();
			assertThat(snapshot.zombieCount()).isZero();
			assertThat(unavailable.reapsOrphans()).isFalse();
			assertThat(unavailable.isSubreaper()).isFalse();
		}
	}

	@Test
	void monitorWithoutNativeCallsDoesNotReapButStillCounts() throws Exception {
		try (ProcessTreeMonitor withoutJna = new ProcessTreeMonitor(LinuxProcessTable.system(),
				ReapingCalls.unavailable("JNA is not on the class path"), CgroupPids.NONE,
				this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO).withSubreaper(true))) {
			assertThat(withoutJna.reapsOrphans()).isFalse();
			this.launcher.start("sh", "-c", "sleep 0 & exec sleep 60");
			await().atMost(Duration.ofSeconds(5)).until(() -> withoutJna.scan().zombieCount() == 1);
			assertThat(withoutJna.orphansReaped()).isZero();
		}
	}

	static List<ProcessInfo> descendantsOf(long pid) {
		return Processes.table.descendants(pid);
	}

}
