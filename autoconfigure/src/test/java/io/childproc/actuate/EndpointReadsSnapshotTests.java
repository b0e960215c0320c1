package io.childproc.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.childproc.ChildProcess;
import io.childproc.actuate.ChildrenEndpoint.ChildDescriptor;
import io.childproc.actuate.ChildrenEndpoint.ChildrenDescriptor;
import io.childproc.internal.linux.CgroupPids;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.MarkedProcess;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessStat;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.ReapingCalls;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint reads the process-tree monitor's snapshot, never the operating system: a
 * read with the monitor on touches no process table, and the endpoint's code calls
 * neither {@link ProcessHandle}'s tree methods nor the file system.
 */
class EndpointReadsSnapshotTests extends AbstractEndpointTests {

	private final CountingTable table = new CountingTable(LinuxProcessTable.system());

	@Test
	void readWithTheMonitorOnTouchesNoProcessTableAndShowsTheScannedDescendants() throws Exception {
		assumeThat(LinuxProcessTable.system().available()).as("the process tree is read from /proc on Linux").isTrue();
		try (ProcessTreeMonitor monitor = new ProcessTreeMonitor(this.table, ReapingCalls.UNAVAILABLE, CgroupPids.NONE,
				this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO))) {
			ChildrenEndpoint endpoint = new ChildrenEndpoint(this.launcher, List.of(), Show.NEVER, Set.of(),
					Duration.ZERO, List.of(), monitor);
			ChildProcess child = this.launcher.start("sh", "-c", "sleep 61 & wait");
			await().atMost(Duration.ofSeconds(10)).until(() -> !monitor.scan().descendantsOf(child.pid()).isEmpty());
			this.table.calls.set(0);
			ChildrenDescriptor all = endpoint.children(SecurityContext.NONE);
			ChildDescriptor one = (ChildDescriptor) endpoint.child(SecurityContext.NONE, child.pid());
			assertThat(this.table.calls).as("reads of the process table during two GETs").hasValue(0);
			for (ChildDescriptor described : List.of(all.children().get(0), one)) {
				assertThat(described.descendants()).singleElement().satisfies((descendant) -> {
					assertThat(descendant.alive()).isTrue();
					assertThat(descendant.state()).isEqualTo("SLEEPING");
					assertThat(descendant.command()).containsExactly(
							monitor.snapshot().descendantsOf(child.pid()).get(0).executable(), CommandMasker.MASK);
				});
				assertThat(described.cpuTime()).isNotNull();
			}
			assertThat(all.contributed()).containsKeys("zombies", "zombieProcesses", "escaped", "processTree");
		}
	}

	@Test
	void withoutAMonitorChildrenAreShownWithoutDescendants() throws Exception {
		ChildrenEndpoint endpoint = new ChildrenEndpoint(this.launcher, List.of(), Show.NEVER, Set.of(), Duration.ZERO,
				List.of(), null);
		ChildProcess child = this.launcher.start("sh", "-c", "sleep 61 & wait");
		ChildDescriptor described = (ChildDescriptor) endpoint.child(SecurityContext.NONE, child.pid());
		assertThat(described.descendants()).isNull();
		assertThat(described.cpuTime()).isNull();
		assertThat(endpoint.children(SecurityContext.NONE).contributed()).doesNotContainKeys("zombies", "processTree");
	}

	@Test
	void endpointCodeReadsNeitherTheProcessTreeNorFiles() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.childproc.actuate");
		noClasses().that()
			.resideInAPackage("io.childproc.actuate")
			.should()
			.callMethod(ProcessHandle.class, "descendants")
			.orShould()
			.callMethod(ProcessHandle.class, "children")
			.orShould()
			.callMethod(ProcessHandle.class, "info")
			.orShould()
			.callMethod(ProcessHandle.class, "of", long.class)
			.orShould()
			.callMethod(ProcessHandle.class, "allProcesses")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.nio.file.Files")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName(ProcessTable.class.getName())
			.because("the endpoint shows the process-tree monitor's snapshot, read in O(children + descendants)")
			.check(classes);
	}

	/** A process table that counts every read. */
	static final class CountingTable implements ProcessTable {

		final AtomicInteger calls = new AtomicInteger();

		private final ProcessTable delegate;

		CountingTable(ProcessTable delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean available() {
			return this.delegate.available();
		}

		@Override
		public Optional<ProcessInfo> process(long pid) {
			this.calls.incrementAndGet();
			return this.delegate.process(pid);
		}

		@Override
		public List<ProcessInfo> descendants(long pid) {
			this.calls.incrementAndGet();
			return this.delegate.descendants(pid);
		}

		@Override
		public List<MarkedProcess> findByEnvironment(String variable, String value, String markVariable) {
			this.calls.incrementAndGet();
			return this.delegate.findByEnvironment(variable, value, markVariable);
		}

		@Override
		public List<ProcessStat> list() {
			this.calls.incrementAndGet();
			return this.delegate.list();
		}

		@Override
		public ProcessInfo describe(ProcessStat stat) {
			this.calls.incrementAndGet();
			return this.delegate.describe(stat);
		}

		@Override
		public Map<String, String> environment(long pid, Set<String> names) {
			this.calls.incrementAndGet();
			return this.delegate.environment(pid, names);
		}

	}

}
