package io.childproc.internal.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.internal.linux.OutputPipes;
import io.childproc.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BlockedOutputDetector} through the scans of a
 * {@link ProcessTreeMonitor}, with real children whose output is read or not.
 */
class BlockedOutputDetectorTests {

	private static final Duration APART = Duration.ofNanos(BlockedOutputDetector.MIN_APART_NANOS);

	private DefaultProcessLauncher launcher;

	private ProcessTreeMonitor monitor;

	@BeforeEach
	void startLauncherAndMonitor() {
		assumeThat(System.getProperty("os.name")).as("pipes are read through /proc on Linux").contains("Linux");
		this.launcher = Processes.launcherWithShortGrace();
		// No background scan: each test scans when it means to.
		this.monitor = new ProcessTreeMonitor(this.launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withScanInterval(Duration.ZERO));
	}

	@AfterEach
	void closeAndKillWhatIsLeft() {
		Processes.closeAndKillMarked(this.monitor, this.launcher);
	}

	@Test
	void childWritingMoreThanItsPipeHoldsToAnOutputNobodyReadsIsBlockedAtTheSecondScan() throws Exception {
		ChildProcess child = this.launcher.start("head", "-c", "1048576", "/dev/zero");
		awaitFull(child, 1);
		ProcessTreeSnapshot first = this.monitor.scan();
		assertThat(first.isBlockedOnOutput(child.pid())).as("one scan proves nothing").isFalse();
		ProcessTreeSnapshot second = scanApartFrom(first);
		assertThat(second.isBlockedOnOutput(child.pid())).isTrue();
		assertThat(second.blockedOnOutputCount()).isEqualTo(1);
		// Read, it writes the rest and exits: no longer blocked.
		try (InputStream output = child.process().getInputStream()) {
			assertThat(output.transferTo(OutputStream.nullOutputStream())).isEqualTo(1048576);
		}
		child.process().waitFor(10, TimeUnit.SECONDS);
		assertThat(this.monitor.scan().blockedOnOutputCount()).isZero();
	}

	@Test
	void onlyChildrenWhoseOutputTheCallerReadsAreWatchedForBlocking() throws Exception {
		ChildProcess piped = this.launcher.start("sleep", "60");
		ChildProcess captured = this.launcher.start(new ProcessBuilder("sleep", "60"),
				StartOptions.named("captured").withOutput(ChildOutput.capture(1024)));
		ChildProcess logged = this.launcher.start(new ProcessBuilder("sleep", "60"),
				StartOptions.named("logged").withOutput(ChildOutput.log()));
		ChildProcess discarded = this.launcher.start(new ProcessBuilder("sleep", "60"),
				StartOptions.named("discarded").withOutput(ChildOutput.discard()));
		ChildProcess toAFile = this.launcher
			.start(new ProcessBuilder("sleep", "60").redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectErrorStream(true));
		ChildProcess stderrPiped = this.launcher
			.start(new ProcessBuilder("sleep", "60").redirectOutput(ProcessBuilder.Redirect.DISCARD));
		assertThat(this.launcher.launchedChildren().outputReadByCaller())
			.as("the launcher drains or discards the others' output, or their builder sends it elsewhere: "
					+ "they cannot block on it")
			.containsExactlyInAnyOrder(piped.pid(), stderrPiped.pid())
			.doesNotContain(captured.pid(), logged.pid(), discarded.pid(), toAFile.pid());
	}

	@Test
	void childBlockedOnItsStandardErrorIsBlockedToo() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "head -c 1048576 /dev/zero >&2");
		awaitFull(child, 2);
		ProcessTreeSnapshot first = this.monitor.scan();
		assertThat(scanApartFrom(first).isBlockedOnOutput(child.pid())).isTrue();
	}

	@Test
	void childWhoseOutputIsReadSlowlyIsNeverBlockedThoughItsPipeIsEquallyFullAtEachScan() throws Exception {
		// Whole pages written, whole pages read: the pipe holds 64 KiB whenever it is
		// looked
		// at, as it would if nobody read it.
		ChildProcess child = this.launcher.start("head", "-c", "1073741824", "/dev/zero");
		AtomicBoolean reading = new AtomicBoolean(true);
		AtomicLong read = new AtomicLong();
		Thread reader = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream output = child.process().getInputStream()) {
				while (reading.get()) {
					int n = output.read(buffer);
					if (n < 0) {
						return;
					}
					read.addAndGet(n);
					// A consumer slower than the child: the pipe is full whenever it is
					// looked at.
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
				}
			}
			catch (IOException ex) {
				// Closed at the end of the test.
			}
		}, "slow-reader");
		reader.setDaemon(true);
		reader.start();
		try {
			awaitFull(child, 1);
			ProcessTreeSnapshot snapshot = this.monitor.scan();
			int fullAtAScan = 0;
			for (int i = 0; i < 4; i++) {
				long fill = OutputPipes.system().fill(child.pid(), 1).orElseThrow().queued();
				fullAtAScan += (fill >= BlockedOutputDetector.MIN_QUEUED) ? 1 : 0;
				snapshot = scanApartFrom(snapshot);
				assertThat(snapshot.isBlockedOnOutput(child.pid())).as("scan %d, pipe holding %d bytes", i, fill)
					.isFalse();
			}
			assertThat(fullAtAScan)
				.as("scans that found the pipe full: the case a level alone would take " + "for blocked")
				.isPositive();
			assertThat(read.get()).isPositive();
		}
		finally {
			reading.set(false);
			child.terminate(Duration.ZERO);
			reader.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void childThatLeftSomeOutputUnreadAndSleepsIsNotBlocked() throws Exception {
		ChildProcess child = this.launcher.start("sh", "-c", "head -c 10000 /dev/zero; exec sleep 60");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> child.process().info().command().orElse("").endsWith("/sleep"));
		assumeThat(OutputPipes.system().waitChannel(child.pid()))
			.as("the kernel tells where a process waits (/proc/<pid>/wchan)")
			.isPresent();
		assertThat(OutputPipes.system().fill(child.pid(), 1).orElseThrow().queued()).isEqualTo(10000);
		ProcessTreeSnapshot first = this.monitor.scan();
		assertThat(scanApartFrom(first).isBlockedOnOutput(child.pid())).isFalse();
	}

	@Test
	void outputThatIsNotAPipeOfTheChildOrIsTheJvmsOwnIsNeverRead() throws Exception {
		ChildProcess discarding = this.launcher.start(
				new ProcessBuilder("sleep", "60").redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD),
				StartOptions.named("discarding"));
		ChildProcess inheriting = this.launcher.start(
				new ProcessBuilder("sleep", "60").redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT),
				StartOptions.named("inheriting"));
		ChildProcess piped = this.launcher.start(new ProcessBuilder("sleep", "60"), StartOptions.named("piped"));
		for (int fd = 1; fd <= 2; fd++) {
			assertThat(OutputPipes.system().fill(discarding.pid(), fd)).isEmpty();
			assertThat(OutputPipes.system().fill(inheriting.pid(), fd)).isEmpty();
			assertThat(OutputPipes.system().fill(piped.pid(), fd))
				.hasValueSatisfying((fill) -> assertThat(fill.queued()).isZero());
		}
	}

	private void awaitFull(ChildProcess child, int fd) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> OutputPipes.system()
				.fill(child.pid(), fd)
				.filter((fill) -> fill.queued() >= BlockedOutputDetector.MIN_QUEUED)
				.isPresent());
	}

	/** Scans once the scan before is far enough behind to be compared with. */
	private ProcessTreeSnapshot scanApartFrom(ProcessTreeSnapshot before) {
		long after = before.takenAt().toEpochMilli() + APART.toMillis() + 50;
		await().atMost(APART.plusSeconds(5)).until(() -> System.currentTimeMillis() >= after);
		return this.monitor.scan();
	}

}
