package io.childproc.internal.tree;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessState;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.internal.tree.EscapeDetector.Escapee;
import io.childproc.testsupport.FakeProcesses.Calls;
import io.childproc.testsupport.FakeProcesses.Children;
import io.childproc.testsupport.FakeProcesses.Table;
import org.junit.jupiter.api.Test;

import static io.childproc.testsupport.FakeProcesses.stat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of the process-tree policies (the orphan rule, lasting zombies, escape
 * detection) with fakes of the process table, the native calls and the launcher; the
 * real-process tests are {@link ProcessTreeMonitorTests}, {@link OrphanReapingTests} and
 * {@link LastingZombiesLoadTests}.
 */
class TreePolicyTests {

	private static final long SELF = 100;

	private static final long SECOND = 1_000_000_000L;

	private final Calls natives = new Calls();

	private final Children children = new Children();

	private final OrphanReaper reaper = new OrphanReaper(SELF, this.natives, this.children, SECOND);

	@Test
	void orphanZombieIsReapedOnlyOnceAnEarlierScanSawTheSameProcessAtLeastTheDelayBefore() {
		List<ProcessStat> scan = List.of(stat(200, SELF, ProcessState.ZOMBIE, 7));
		assertThat(this.reaper.reap(scan, 0)).isEmpty();
		assertThat(this.reaper.reap(scan, SECOND / 2)).as("seen, but not long enough").isEmpty();
		assertThat(this.reaper.reap(scan, SECOND)).containsExactly(200L);
		assertThat(this.natives.reaped).containsExactly(200L);
	}

	@Test
	void pidReusedByAnotherZombieStartsTheWaitAgain() {
		this.reaper.reap(List.of(stat(200, SELF, ProcessState.ZOMBIE, 7)), 0);
		assertThat(this.reaper.reap(List.of(stat(200, SELF, ProcessState.ZOMBIE, 8)), 2 * SECOND)).isEmpty();
		assertThat(this.natives.reaped).isEmpty();
	}

	@Test
	void runningChildOfTheLauncherIsNeverReapedEvenAsALastingZombie() {
		this.children.running.add(200L);
		List<ProcessStat> scan = List.of(stat(200, SELF, ProcessState.ZOMBIE, 7));
		this.reaper.reap(scan, 0);
		assertThat(this.reaper.reap(scan, 5 * SECOND)).isEmpty();
		assertThat(this.natives.reaped).isEmpty();
	}

	@Test
	void zombieWhoseParentIsNotTheJvmIsLeftToItsParent() {
		List<ProcessStat> scan = List.of(stat(201, 150, ProcessState.ZOMBIE, 7));
		this.reaper.reap(scan, 0);
		assertThat(this.reaper.reap(scan, 5 * SECOND)).isEmpty();
		assertThat(this.natives.reaped).isEmpty();
	}

	@Test
	void zombieMissingFromOneScanMustBeSeenTwiceAgain() {
		List<ProcessStat> zombie = List.of(stat(200, SELF, ProcessState.ZOMBIE, 7));
		this.reaper.reap(zombie, 0);
		this.reaper.reap(List.of(), SECOND);
		assertThat(this.reaper.reap(zombie, 2 * SECOND)).isEmpty();
		assertThat(this.reaper.reap(zombie, 3 * SECOND)).containsExactly(200L);
	}

	@Test
	void zombieCountsOnlyOnceTwoScansInARowSawTheSameProcess() {
		LastingZombies lasting = new LastingZombies();
		ProcessStat zombie = stat(300, 200, ProcessState.ZOMBIE, 7);
		assertThat(lasting.update(List.of(zombie))).isEmpty();
		assertThat(lasting.update(List.of(zombie))).containsExactly(zombie);
		assertThat(lasting.update(List.of())).isEmpty();
		assertThat(lasting.update(List.of(zombie))).as("the streak was broken").isEmpty();
	}

	@Test
	void zombieWithAReusedPidDoesNotLast() {
		LastingZombies lasting = new LastingZombies();
		lasting.update(List.of(stat(300, 200, ProcessState.ZOMBIE, 7)));
		assertThat(lasting.update(List.of(stat(300, 200, ProcessState.ZOMBIE, 9)))).isEmpty();
	}

	@Test
	void escapeeIsFoundByItsOwnerMarkOutsideTheTree() {
		Table table = new Table();
		table.processes.add(stat(SELF, 1, ProcessState.SLEEPING, 1000));
		table.processes.add(stat(200, SELF, ProcessState.SLEEPING, 1001));
		table.processes.add(stat(300, 1, ProcessState.SLEEPING, 1002));
		table.environments.put(300L,
				Map.of(Mark.OWNER_VARIABLE, "owner-1", Mark.CHILD_VARIABLE, "4", "SECRET", "s3cret"));
		List<Escapee> found = new EscapeDetector(table, SELF).detect(table.list(), Set.of(200L), 1000, "owner-1");
		assertThat(found).singleElement().satisfies((escapee) -> {
			assertThat(escapee.process().pid()).isEqualTo(300);
			assertThat(escapee.childMark()).isEqualTo("4");
		});
		assertThat(table.environmentReads).as("the tree and the JVM are not read").containsExactly(300L);
	}

	@Test
	void environmentIsReadOnlyForProcessesThatCouldBeEscapeesAndOnlyOnceEach() {
		Table table = new Table();
		table.processes.add(stat(SELF, 1, ProcessState.SLEEPING, 1000));
		table.processes.add(stat(150, 1, ProcessState.SLEEPING, 999));
		table.processes.add(stat(151, 2, ProcessState.IDLE, 1005));
		table.processes.add(stat(152, 1, ProcessState.ZOMBIE, 1005));
		table.processes.add(stat(153, 1, ProcessState.SLEEPING, 1005));
		table.environments.put(150L, Map.of(Mark.OWNER_VARIABLE, "owner-1"));
		EscapeDetector detector = new EscapeDetector(table, SELF);
		assertThat(detector.detect(table.list(), Set.of(), 1000, "owner-1")).isEmpty();
		assertThat(table.environmentReads).as("older than the JVM, kernel thread and zombie are skipped")
			.containsExactly(153L);
		detector.detect(table.list(), Set.of(), 1000, "owner-1");
		assertThat(table.environmentReads).as("judged once per process").containsExactly(153L);
		table.processes.set(4, stat(153, 1, ProcessState.SLEEPING, 1009));
		table.environments.put(153L, Map.of(Mark.OWNER_VARIABLE, "owner-1"));
		assertThat(detector.detect(table.list(), Set.of(), 1000, "owner-1")).as("a reused pid is read again")
			.singleElement()
			.satisfies((escapee) -> assertThat(escapee.childMark()).isNull());
	}

	@Test
	void withoutAnOwnerNothingIsRead() {
		Table table = new Table();
		table.processes.add(stat(300, 1, ProcessState.SLEEPING, 1002));
		assertThat(new EscapeDetector(table, SELF).detect(table.list(), Set.of(), 0, null)).isEmpty();
		assertThat(table.environmentReads).isEmpty();
	}

	@Test
	void monitorCountsAZombieAtTheSecondScanAndAttributesItToTheChildWhoseTreeHoldsIt() {
		long self = ProcessHandle.current().pid();
		Table table = new Table();
		table.processes.add(stat(self, 1, ProcessState.SLEEPING, 1000));
		table.processes.add(stat(900001, self, ProcessState.SLEEPING, 1001));
		table.processes.add(stat(900002, 900001, ProcessState.SLEEPING, 1002));
		table.processes.add(stat(900003, 900002, ProcessState.ZOMBIE, 1003));
		table.processes.add(stat(900004, self, ProcessState.ZOMBIE, 1004));
		// A child of the launcher that exited, which a JDK thread has yet to wait for.
		table.processes.add(stat(900005, self, ProcessState.ZOMBIE, 1005));
		this.children.running.add(900001L);
		this.children.running.add(900005L);
		try (ProcessTreeMonitor monitor = new ProcessTreeMonitor(table, ReapingCalls.UNAVAILABLE, CgroupPids.NONE,
				this.children, ProcessTreeMonitorSettings.defaults().withScanInterval(java.time.Duration.ZERO))) {
			ProcessTreeSnapshot first = monitor.scan();
			assertThat(first.zombieCount()).isZero();
			assertThat(first.descendantsOf(900001)).extracting(ProcessInfo::pid).containsExactly(900002L, 900003L);
			ProcessTreeSnapshot second = monitor.scan();
			assertThat(second.zombies()).extracting(ZombieProcess::pid).containsExactlyInAnyOrder(900003L, 900004L);
			assertThat(second.zombies()).filteredOn((zombie) -> zombie.pid() == 900003)
				.singleElement()
				.satisfies((zombie) -> {
					assertThat(zombie.childPid()).isEqualTo(900001);
					assertThat(zombie.parent().pid()).isEqualTo(900002);
				});
			assertThat(second.zombies()).filteredOn((zombie) -> zombie.pid() == 900004)
				.singleElement()
				.satisfies((zombie) -> assertThat(zombie.childPid()).isEqualTo(-1));
			assertThat(monitor.zombieCount()).isEqualTo(2);
		}
	}

}
