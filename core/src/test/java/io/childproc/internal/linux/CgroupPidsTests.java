package io.childproc.internal.linux;

import java.nio.file.Files;
import java.nio.file.Path;

import io.childproc.ChildProcessStartException;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CgroupPids}, against a cgroup directory written by the test (the
 * machine's own cgroup may have no pids controller, or one that must not be filled).
 */
class CgroupPidsTests {

	@TempDir
	Path cgroup;

	@Test
	void startThatWouldExceedPidsMaxIsRefusedWithAMessageThatSaysSo() throws Exception {
		write("pids.max", "40\n");
		write("pids.current", "40\n");
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.defaults(),
				LinuxProcessTable.system(), new CgroupPids(this.cgroup))) {
			assertThatExceptionOfType(ChildProcessStartException.class).isThrownBy(() -> launcher.start("true"))
				.withMessageStartingWith(
						"Cannot start [true]: the cgroup pids limit is reached (pids.current 40 of " + "pids.max 40")
				.withMessageContaining("raise the container's pids limit");
			assertThat(launcher.counts().startFailures()).isOne();
			assertThat(launcher.children()).isEmpty();
		}
	}

	@Test
	void startBelowPidsMaxGoesAhead() throws Exception {
		write("pids.max", "40\n");
		write("pids.current", "39\n");
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.defaults(),
				LinuxProcessTable.system(), new CgroupPids(this.cgroup))) {
			assertThat(launcher.start("true").onExit().get().exitCode()).hasValue(0);
		}
	}

	@Test
	void maxMeansUnlimited() throws Exception {
		write("pids.max", "max\n");
		write("pids.current", "12\n");
		CgroupPids pids = new CgroupPids(this.cgroup);
		assertThat(pids.read()).hasValueSatisfying((limit) -> {
			assertThat(limit.current()).isEqualTo(12);
			assertThat(limit.isLimited()).isFalse();
			assertThat(limit.headroom()).isEqualTo(Long.MAX_VALUE);
		});
		assertThat(pids.refusal("[x]")).isNull();
	}

	@Test
	void ownCgroupDirectoryIsFoundFromProcSelfCgroup() throws Exception {
		Path own = Files.createDirectories(this.cgroup.resolve("system.slice/app.service"));
		Files.writeString(own.resolve("pids.max"), "100\n");
		Files.writeString(own.resolve("pids.current"), "7\n");
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/system.slice/app.service\n");
		assertThat(CgroupPids.locate(this.cgroup, selfCgroup).read()).hasValue(new PidsLimit(7, 100, own));
	}

	@Test
	void tightestLimitUpTheHierarchyIsReportedWithItsCount() throws Exception {
		// A Kubernetes pod: podPidsLimit on the pod's cgroup, none on the container's.
		Path pod = level("kubepods.slice/kubepods-pod1.slice", "256", "250");
		Path container = level("kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope", "max", "40");
		level("kubepods.slice", "max", "900");
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"),
				"0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope\n");
		CgroupPids pids = CgroupPids.locate(this.cgroup, selfCgroup);
		assertThat(pids.read()).hasValue(new PidsLimit(250, 256, pod));
		assertThat(container).exists();
	}

	@Test
	void levelWithTheLeastHeadroomIsTheTightestEvenWithTheLargerLimit() throws Exception {
		Path parent = level("app", "100", "95");
		level("app/worker", "50", "10");
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/app/worker\n");
		CgroupPids pids = CgroupPids.locate(this.cgroup, selfCgroup);
		assertThat(pids.read()).hasValue(new PidsLimit(95, 100, parent));
	}

	@Test
	void startIsRefusedWhenALevelAboveTheJvmIsFull() throws Exception {
		level("pod", "64", "64");
		level("pod/container", "max", "12");
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/pod/container\n");
		assertThat(CgroupPids.locate(this.cgroup, selfCgroup).refusal("[x]"))
			.startsWith("Cannot start [x]: the cgroup pids limit is reached (pids.current 64 of pids.max 64 in "
					+ this.cgroup.resolve("pod"));
	}

	@Test
	void withoutAnyLimitTheJvmsOwnCountIsReportedAsUnlimited() throws Exception {
		Path own = level("app/worker", "max", "9");
		level("app", "max", "30");
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/app/worker\n");
		CgroupPids pids = CgroupPids.locate(this.cgroup, selfCgroup);
		assertThat(pids.read()).hasValue(new PidsLimit(9, PidsLimit.UNLIMITED, own));
		assertThat(pids.refusal("[x]")).isNull();
	}

	@Test
	void cgroupPathThatLeavesTheHierarchyIsNotFollowed() throws Exception {
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/../../etc\n");
		assertThat(CgroupPids.locate(this.cgroup.resolve("root"), selfCgroup).available()).isFalse();
	}

	private Path level(String relative, String max, String current) throws Exception {
		Path directory = Files.createDirectories(this.cgroup.resolve(relative));
		Files.writeString(directory.resolve("pids.max"), max + "\n");
		Files.writeString(directory.resolve("pids.current"), current + "\n");
		return directory;
	}

	@Test
	void withoutAPidsControllerNothingIsReadAndNothingRefused() throws Exception {
		Path selfCgroup = Files.writeString(this.cgroup.resolve("self-cgroup"), "0::/\n");
		CgroupPids pids = CgroupPids.locate(this.cgroup.resolve("missing"), selfCgroup);
		assertThat(pids.available()).isFalse();
		assertThat(pids.read()).isEmpty();
		assertThat(pids.refusal("[x]")).isNull();
	}

	private void write(String file, String content) throws Exception {
		Files.writeString(this.cgroup.resolve(file), content);
	}

}
