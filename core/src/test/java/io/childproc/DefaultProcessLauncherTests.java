package io.childproc;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.childproc.testsupport.Launchers;
import io.childproc.testsupport.TestChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The launcher's semantics with real child processes.
 */
class DefaultProcessLauncherTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	final Launchers launchers = new Launchers();

	private DefaultProcessLauncher pythonFaithful() {
		return this.launchers.start(LauncherSettings.defaults().withReapOnExit(false).withReapInterval(Duration.ZERO));
	}

	@Test
	void startedChildIsTrackedAsRunningWithItsNameAndCommand() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start("/bin/sleep", "60");
		assertThat(child.name()).isEqualTo("sleep");
		assertThat(child.command()).containsExactly("/bin/sleep", "60");
		assertThat(child.state()).isEqualTo(ChildState.RUNNING);
		assertThat(child.exitCode()).isEmpty();
		assertThat(child.process().isAlive()).isTrue();
		assertThat(launcher.children()).containsExactly(child);
		assertThat(launcher.child(child.pid())).contains(child);
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(1, 0, 0, 1, 0));
		assertThat(child.terminate(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void childIsStartedWithTheOwnerVariableOfItsLauncher() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start(new ProcessBuilder("sh", "-c", "echo \"$CHILDPROC_OWNER\""));
		String printed = new String(child.process().getInputStream().readAllBytes()).trim();
		assertThat(printed).isEqualTo(launcher.ownerId());
	}

	@Test
	void pythonFaithfulModeLeavesTheLastChildUnreapedUntilTheNextStart() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess first = launcher.start(new ProcessBuilder(TestChild.command("exit", "3")));
		await().atMost(WAIT).until(() -> first.state() == ChildState.EXITED);
		assertThat(first.exitCode()).hasValue(3);
		assertThat(launcher.counts().unreaped()).isEqualTo(1);
		assertThat(launcher.counts().live()).isZero();
		assertThat(launcher.children()).containsExactly(first);
		assertThat(launcher.oldestUnreapedAge()).isPositive();
		assertThat(launcher.recentExits()).isEmpty();
		// Nothing but a start reaps it.
		assertThat(first.state()).isEqualTo(ChildState.EXITED);

		ChildProcess second = launcher.start("/bin/sleep", "60");

		assertThat(first.state()).isEqualTo(ChildState.REAPED);
		assertThat(launcher.children()).containsExactly(second);
		assertThat(launcher.child(first.pid())).isEmpty();
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(1, 0, 1, 2, 0));
		assertThat(launcher.oldestUnreapedAge()).isZero();
		ExitRecord record = launcher.recentExits().get(0);
		assertThat(record.pid()).isEqualTo(first.pid());
		assertThat(record.exitCode()).isEqualTo(3);
		assertThat(record.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(record.reapedAt()).isBeforeOrEqualTo(second.startedAt());
		assertThat(record.exitedAt()).isAfterOrEqualTo(record.startedAt());
		second.terminate(Duration.ofSeconds(5));
	}

	@Test
	void reapIntervalBoundsHowLongAnExitedChildLingers() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapOnExit(false).withReapInterval(Duration.ofMillis(200)));
		ChildProcess child = launcher.start("true");
		await().atMost(WAIT).until(() -> child.state() == ChildState.EXITED || child.state() == ChildState.REAPED);
		long exitedNanos = System.nanoTime();
		await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED);
		// Reaped by the background task, without any further start, within about one
		// interval.
		assertThat(Duration.ofNanos(System.nanoTime() - exitedNanos)).isLessThan(Duration.ofSeconds(5));
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 0, 1, 1, 0));
		assertThat(launcher.recentExits()).extracting(ExitRecord::pid).containsExactly(child.pid());
	}

	@Test
	void onExitPolicyReapsEachChildAsSoonAsItsExitIsSeen() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapOnExit(true).withReapInterval(Duration.ZERO));
		ChildProcess child = launcher.start("sh", "-c", "exit 0");
		await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED);
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 0, 1, 1, 0));
		assertThat(launcher.recentExits().get(0).outcome()).isEqualTo(Outcome.SUCCESS);
	}

	@Test
	void explicitReapCollectsOnlyExitedChildren() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess running = launcher.start("/bin/sleep", "60");
		ChildProcess done = launcher.start("true");
		await().atMost(WAIT).until(() -> done.state() == ChildState.EXITED);
		assertThat(launcher.reap()).isEqualTo(1);
		assertThat(launcher.reap()).isZero();
		assertThat(running.state()).isEqualTo(ChildState.RUNNING);
		assertThat(launcher.children()).containsExactly(running);
		running.terminate(Duration.ofSeconds(5));
	}

	@Test
	void childrenAreListedOldestFirst() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess a = launcher.start("/bin/sleep", "60");
		ChildProcess b = launcher.start("/bin/sleep", "60");
		ChildProcess c = launcher.start("/bin/sleep", "60");
		assertThat(launcher.children()).containsExactly(a, b, c);
	}

	@Test
	void exitCodesAndOutcomesAreThoseTheChildReturned() throws IOException {
		DefaultProcessLauncher launcher = this.launchers.start(LauncherSettings.defaults().withReapOnExit(true));
		ChildProcess ok = launcher.start("sh", "-c", "exit 0");
		ChildProcess failed = launcher.start("sh", "-c", "exit 42");
		ChildProcess killed = launcher.start("sh", "-c", "kill -9 $$");
		await().atMost(WAIT).until(() -> launcher.recentExits().size() == 3);
		assertThat(launcher.recentExits()).extracting(ExitRecord::pid, ExitRecord::exitCode, ExitRecord::outcome)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(ok.pid(), 0, Outcome.SUCCESS),
					org.assertj.core.groups.Tuple.tuple(failed.pid(), 42, Outcome.FAILURE),
					org.assertj.core.groups.Tuple.tuple(killed.pid(), 137, Outcome.SIGNALED));
	}

	@Test
	void historyKeepsTheNewestRecordsUpToItsSize() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapOnExit(true).withHistorySize(2));
		List<Long> pids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ChildProcess child = launcher.start("true");
			await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED);
			pids.add(child.pid());
		}
		assertThat(launcher.recentExits()).extracting(ExitRecord::pid).containsExactly(pids.get(3), pids.get(2));
	}

	@Test
	void aFailingListenerOrExitStageStopsNeitherReapingNorLaterStarts() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		List<Long> heard = new CopyOnWriteArrayList<>();
		launcher.addListener(new ChildProcessListener() {
			@Override
			public void reaped(ExitRecord record) {
				throw new IllegalStateException("listener fails on purpose");
			}
		});
		launcher.addListener(new ChildProcessListener() {
			@Override
			public void reaped(ExitRecord record) {
				heard.add(record.pid());
			}
		});
		List<ChildProcess> children = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ChildProcess child = launcher.start("true");
			child.onExit().thenAccept((c) -> {
				throw new IllegalStateException("onExit stage fails on purpose");
			});
			children.add(child);
		}
		await().atMost(WAIT).until(() -> children.stream().allMatch((c) -> c.state() != ChildState.RUNNING));
		long exitedNotReaped = children.stream().filter((c) -> c.state() == ChildState.EXITED).count();
		// Each start reaped the ones before it despite the failing listener; the last
		// waits for this reap.
		assertThat(exitedNotReaped).isPositive();
		assertThat(launcher.reap()).isEqualTo(exitedNotReaped);
		assertThat(children).allMatch((c) -> c.state() == ChildState.REAPED);
		// A reap whose child's exit is still being told elsewhere is told right after it.
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(heard)
				.containsExactlyInAnyOrderElementsOf(children.stream().map(ChildProcess::pid).toList()));
		ChildProcess later = launcher.start("true");
		assertThat(later.pid()).isPositive();
	}

	@Test
	void maxLiveRefusesAStartWithAMessageNamingTheSetting() throws IOException {
		DefaultProcessLauncher launcher = this.launchers.start(LauncherSettings.defaults().withMaxLive(2));
		ChildProcess a = launcher.start("/bin/sleep", "60");
		launcher.start("/bin/sleep", "60");
		assertThatExceptionOfType(ChildProcessStartException.class).isThrownBy(() -> launcher.start("/bin/sleep", "60"))
			.withMessage("Cannot start [/bin/sleep]: 2 children are live, the limit maxLive is 2; "
					+ "wait for a child to exit or raise maxLive");
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(2, 0, 0, 2, 1));
		assertThat(launcher.children()).hasSize(2);
		a.terminate(Duration.ofSeconds(5));
		await().atMost(WAIT).until(() -> a.state() != ChildState.RUNNING);
		ChildProcess c = launcher.start("/bin/sleep", "60");
		assertThat(c.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void terminateEndsTheChildAndItsDescendants() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start("sh", "-c", "sleep 300 & sleep 300 & wait");
		await().atMost(WAIT).until(() -> child.process().descendants().count() == 2);
		List<ProcessHandle> grandchildren = child.process().descendants().toList();
		assertThat(child.terminate(Duration.ofSeconds(5))).isTrue();
		await().atMost(WAIT).until(() -> grandchildren.stream().noneMatch(ProcessHandle::isAlive));
		await().atMost(WAIT).until(() -> child.state() == ChildState.EXITED);
		assertThat(child.exitCode()).hasValue(143);
	}

	@Test
	void terminateWithZeroGraceKillsAtOnce() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		// A child that ignores SIGTERM still ends.
		ChildProcess child = launcher.start("sh", "-c", "trap '' TERM; sleep 300");
		assertThat(child.terminate(Duration.ZERO)).isTrue();
		await().atMost(WAIT).until(() -> child.state() == ChildState.EXITED);
	}

	@Test
	void terminateOnAnExitedChildDoesNothing() throws IOException {
		DefaultProcessLauncher launcher = pythonFaithful();
		ChildProcess child = launcher.start("true");
		await().atMost(WAIT).until(() -> child.state() == ChildState.EXITED);
		assertThat(child.terminate(Duration.ofSeconds(1))).isTrue();
		assertThat(child.exitCode()).hasValue(0);
	}

	@Test
	void timeoutEndsTheChildWithOutcomeTimeout() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapOnExit(true).withTerminateGracePeriod(Duration.ofSeconds(2)));
		ChildProcess child = launcher.start(new ProcessBuilder("/bin/sleep", "60"),
				StartOptions.named("slow").withTimeout(Duration.ofMillis(300)));
		await().atMost(WAIT).until(() -> child.state() == ChildState.REAPED);
		ExitRecord record = launcher.recentExits().get(0);
		assertThat(record.name()).isEqualTo("slow");
		assertThat(record.outcome()).isEqualTo(Outcome.TIMEOUT);
	}

	@Test
	void closeEndsLiveChildrenAndRefusesLaterStarts() throws IOException {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(2)));
		ChildProcess child = launcher.start("sh", "-c", "sleep 300 & wait");
		await().atMost(WAIT).until(() -> child.process().descendants().count() == 1);
		ProcessHandle grandchild = child.process().descendants().findFirst().orElseThrow();
		launcher.close();
		assertThat(child.process().isAlive()).isFalse();
		await().atMost(WAIT).until(() -> !grandchild.isAlive());
		assertThat(child.state()).isEqualTo(ChildState.REAPED);
		assertThat(launcher.counts().live()).isZero();
		assertThatExceptionOfType(ChildProcessStartException.class).isThrownBy(() -> launcher.start("true"))
			.withMessageContaining("the launcher is closed");
	}

	@Test
	void concurrentStartsFromManyThreadsKeepTheCountsExact() throws Exception {
		DefaultProcessLauncher launcher = this.launchers
			.start(LauncherSettings.defaults().withReapOnExit(false).withReapInterval(Duration.ZERO));
		int threads = 8;
		int perThread = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<List<ChildProcess>>> results = new ArrayList<>();
		List<String> violations = new CopyOnWriteArrayList<>();
		for (int t = 0; t < threads; t++) {
			results.add(pool.submit(() -> {
				go.await();
				List<ChildProcess> mine = new ArrayList<>();
				for (int i = 0; i < perThread; i++) {
					ProcessBuilder builder = new ProcessBuilder("sh", "-c", "exit " + (i % 7));
					builder.redirectOutput(Redirect.DISCARD);
					mine.add(launcher.start(builder));
					ChildCounts counts = launcher.counts();
					if (counts.live() < 0 || counts.unreaped() < 0 || counts.exited() > counts.started()) {
						violations.add(counts.toString());
					}
				}
				return mine;
			}));
		}
		go.countDown();
		List<ChildProcess> all = new ArrayList<>();
		for (Future<List<ChildProcess>> result : results) {
			all.addAll(result.get(2, TimeUnit.MINUTES));
		}
		pool.shutdown();
		await().atMost(WAIT).until(() -> launcher.counts().exited() == threads * perThread);
		launcher.reap();
		assertThat(violations).isEmpty();
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 0, threads * perThread, threads * perThread, 0));
		assertThat(launcher.children()).isEmpty();
		assertThat(all).allMatch((child) -> child.state() == ChildState.REAPED);
		assertThat(all).allMatch((child) -> child.exitCode().getAsInt() == Integer
			.parseInt(child.command().get(2).substring("exit ".length())));
	}

}
