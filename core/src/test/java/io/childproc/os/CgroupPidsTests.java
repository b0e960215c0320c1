package io.childproc.os;

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
				ProcessTable.system(), new CgroupPids(this.cgroup))) {
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
				ProcessTable.system(), new CgroupPids(this.cgroup))) {
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
		assertThat(CgroupPids.locate(this.cgroup, selfCgroup).read()).hasValue(new PidsLimit(7, 100));
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
