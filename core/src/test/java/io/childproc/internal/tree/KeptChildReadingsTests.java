package io.childproc.internal.tree;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessListing;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scan keeps the reading of a running child whose output the launcher handles, and
 * reads it again in turn: what each scan reads, seen through the process table it lists,
 * and what the snapshot still shows.
 */
class KeptChildReadingsTests {

	private DefaultProcessLauncher launcher;

	private ProcessTreeMonitor monitor;

	/** The pids each listing was asked to read again, one set per scan. */
	private final List<Set<Long>> rereads = new ArrayList<>();

	/** The listings the table gave, one per scan. */
	private final List<ProcessListing> listings = new ArrayList<>();

	@BeforeEach
	void startLauncherAndMonitor() {
		Processes.assumeLinux();
		this.launcher = Processes.launcherWithShortGrace();
		this.monitor = new ProcessTreeMonitor(recording(LinuxProcessTable.system()), ReapingCalls.UNAVAILABLE,
				CgroupPids.NONE, this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO).withMaxZombies(0));
	}

	@AfterEach
	void closeAndKillWhatIsLeft() {
		Processes.closeAndKillMarked(this.monitor, this.launcher);
	}

	@Test
	void aDrainedChildIsReadOnceInSixScansWhileAPipedChildAndEveryGrandchildAreReadAtEachScan() throws Exception {
		ChildProcess drained = start("drained", ChildOutput.discard(), "sh", "-c", "sleep 61 & exec sleep 60");
		ChildProcess piped = start("piped", ChildOutput.pipe(), "sleep", "60");
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			ProcessTreeSnapshot snapshot = this.monitor.scan();
			return snapshot.descendantsOf(drained.pid()).size() == 1 && snapshot.knowsChild(piped.pid());
		});
		long grandchild = this.monitor.snapshot().descendantsOf(drained.pid()).get(0).pid();
		this.monitor.scan();
		this.rereads.clear();
		this.listings.clear();
		for (int i = 0; i < ScanSteps.REREAD_EVERY_SCANS; i++) {
			ProcessTreeSnapshot snapshot = this.monitor.scan();
			// The snapshot still knows the kept child and its grandchild.
			assertThat(snapshot.knowsChild(drained.pid())).isTrue();
			assertThat(snapshot.descendantsOf(drained.pid())).extracting(ProcessInfo::pid).containsExactly(grandchild);
		}
		assertThat(this.rereads).hasSize(ScanSteps.REREAD_EVERY_SCANS)
			.allSatisfy((reread) -> assertThat(reread).contains(piped.pid(), grandchild));
		assertThat(this.rereads).filteredOn((reread) -> reread.contains(drained.pid())).hasSize(1);
		// Not asked to read it again, the listing kept its reading: it read no stat of
		// it.
		// Without getdents64 (no native access) a process read on request has no
		// identity,
		// so the scan right after that one reads it once more.
		boolean inodes = Natives.directoryCalls() != null;
		int kept = 0;
		for (int i = 1; i < this.listings.size(); i++) {
			if (!this.rereads.get(i).contains(drained.pid())
					&& (inodes || !this.rereads.get(i - 1).contains(drained.pid()))) {
				assertThat(this.listings.get(i).kept(this.listings.get(i - 1), drained.pid())).isTrue();
				kept++;
			}
		}
		assertThat(kept).isGreaterThanOrEqualTo(ScanSteps.REREAD_EVERY_SCANS - 3);
	}

	@Test
	void theCpuTimeOfABusyDrainedChildGrowsWithinSixScans() throws Exception {
		ChildProcess busy = start("busy", ChildOutput.discard(), "sh", "-c", "while :; do :; done");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.monitor.scan().descendant(busy.pid()) != null);
		this.monitor.scan();
		Duration before = this.monitor.snapshot().descendant(busy.pid()).cpuTime();
		// A tick of CPU time is 10 ms: wait until it used at least 100 ms more.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> busy.process().toHandle().info().totalCpuDuration().orElse(Duration.ZERO),
					(used) -> used.compareTo(before.plusMillis(100)) > 0);
		List<Duration> seen = new ArrayList<>();
		for (int i = 0; i < ScanSteps.REREAD_EVERY_SCANS; i++) {
			seen.add(this.monitor.scan().descendant(busy.pid()).cpuTime());
		}
		assertThat(seen.get(seen.size() - 1)).isGreaterThan(before);
	}

	@Test
	void aDrainedChildThatEndsIsGoneFromTheNextScanAndItsZombieGrandchildIsCounted() throws Exception {
		ChildProcess parent = start("parent", ChildOutput.discard(), "sh", "-c", "sleep 0 & exec sleep 60");
		ChildProcess ending = start("ending", ChildOutput.discard(), "sleep", "60");
		// The grandchild that exits at once stays a zombie: its parent never waits. Two
		// scans in a row see it, though its parent's reading is kept.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.monitor.scan().zombieCount() == 1);
		assertThat(this.monitor.snapshot().zombies()).singleElement()
			.satisfies((zombie) -> assertThat(zombie.childPid()).isEqualTo(parent.pid()));
		this.monitor.scan();
		assertThat(ending.terminate(Duration.ofSeconds(2))).isTrue();
		assertThat(this.monitor.scan().descendants()).extracting(ProcessInfo::pid).doesNotContain(ending.pid());
		assertThat(this.monitor.snapshot().knowsChild(ending.pid())).isFalse();
	}

	private ChildProcess start(String name, ChildOutput output, String... command) throws Exception {
		return this.launcher.start(new ProcessBuilder(command), StartOptions.named(name).withOutput(output));
	}

	/** The table, recording the pids each listing is asked to read again. */
	@SuppressWarnings("unchecked")
	private ProcessTable recording(ProcessTable table) {
		return (ProcessTable) Proxy.newProxyInstance(ProcessTable.class.getClassLoader(),
				new Class<?>[] { ProcessTable.class }, (proxy, method, args) -> {
					if (method.getName().equals("list") && args != null && args.length == 2) {
						this.rereads.add(Set.copyOf((Set<Long>) args[1]));
					}
					try {
						Object result = method.invoke(table, args);
						if (result instanceof ProcessListing listing) {
							this.listings.add(listing);
						}
						return result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
