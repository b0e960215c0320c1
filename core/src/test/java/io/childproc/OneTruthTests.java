package io.childproc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.childproc.testsupport.Descendants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever the JDK knows of a child's exit, the launcher knows when asked, and listeners
 * hear each child's events in order, whichever thread sees the exit first. Each test
 * prints its figure (refusals, missing exit codes, ...) before asserting it.
 */
class OneTruthTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<DefaultProcessLauncher> launchers = new ArrayList<>();

	@AfterEach
	void closeLaunchersAndCheckNothingIsLeft() {
		this.launchers.forEach(DefaultProcessLauncher::close);
		Descendants.assertNoneLeft(Duration.ofSeconds(10));
	}

	private DefaultProcessLauncher launcher(LauncherSettings settings) {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings);
		this.launchers.add(launcher);
		return launcher;
	}

	private DefaultProcessLauncher pythonFaithful(int maxLive) {
		return launcher(
				LauncherSettings.defaults().withReapOnExit(false).withReapInterval(Duration.ZERO).withMaxLive(maxLive));
	}

	@Test
	void aChildWaitedForNoLongerCountsAgainstMaxLive() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful(1);
		int refusals = 0;
		for (int i = 0; i < 100; i++) {
			try {
				ChildProcess child = launcher.start("true");
				child.process().waitFor();
			}
			catch (ChildProcessStartException ex) {
				refusals++;
			}
		}
		report("max-live=1, start + waitFor x100: refusals", refusals);
		assertThat(refusals).isZero();
		assertThat(launcher.counts().startFailures()).isZero();
	}

	@Test
	void aChildWaitedForShowsItsExitCodeAtOnceAndIsReapedByTheNextStart() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful(0);
		int missingExitCodes = 0;
		int notExitedState = 0;
		int notReapedByNextStart = 0;
		ChildProcess previous = null;
		for (int i = 0; i < 1000; i++) {
			ChildProcess child = launcher.start("sh", "-c", "exit " + (i % 7));
			if (previous != null && previous.state() != ChildState.REAPED) {
				notReapedByNextStart++;
			}
			int code = child.process().waitFor();
			if (child.exitCode().isEmpty() || child.exitCode().getAsInt() != code) {
				missingExitCodes++;
			}
			if (child.state() != ChildState.EXITED) {
				notExitedState++;
			}
			previous = child;
		}
		report("1,000 children waited for: empty exitCode() after waitFor()", missingExitCodes);
		report("1,000 children waited for: state() not EXITED after waitFor()", notExitedState);
		report("1,000 children waited for: not reaped by the next start()", notReapedByNextStart);
		assertThat(missingExitCodes).isZero();
		assertThat(notExitedState).isZero();
		assertThat(notReapedByNextStart).isZero();
	}

	@Test
	void everyWayOfAskingTheJdkRecordsTheExit() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful(0);
		ChildProcess byIsAlive = launcher.start("true");
		await().atMost(WAIT).until(() -> !byIsAlive.process().isAlive());
		assertThat(byIsAlive.exitCode()).hasValue(0);
		ChildProcess byExitValue = launcher.start("sh", "-c", "exit 4");
		await().atMost(WAIT).ignoreExceptions().until(() -> byExitValue.process().exitValue() == 4);
		assertThat(byExitValue.outcome()).contains(Outcome.FAILURE);
		ChildProcess byTimedWait = launcher.start("true");
		assertThat(byTimedWait.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(byTimedWait.state()).isEqualTo(ChildState.EXITED);
		ChildProcess byOnExit = launcher.start("true");
		Process process = byOnExit.process().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(process).isSameAs(byOnExit.process());
		assertThat(byOnExit.exitedAt()).isNotNull();
		// Each start reaped the ones before it.
		assertThat(launcher.counts()).isEqualTo(new ChildCounts(0, 1, 4, 4, 0));
	}

	@Test
	void aChildWhoseExitFutureCompletedUnderReapOnExitIsAlreadyReaped() throws Exception {
		DefaultProcessLauncher launcher = launcher(
				LauncherSettings.defaults().withReapOnExit(true).withReapInterval(Duration.ZERO));
		int stillTracked = 0;
		for (int i = 0; i < 100; i++) {
			ChildProcess child = launcher.start("true");
			ChildProcess exited = (i % 2 == 0) ? child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS) : child;
			if (i % 2 == 1) {
				child.process().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			if (launcher.child(exited.pid()).isPresent() || exited.state() != ChildState.REAPED) {
				stillTracked++;
			}
		}
		report("reap.on-exit, 100 children after onExit(): still tracked", stillTracked);
		assertThat(stillTracked).isZero();
	}

	@Test
	void listenersHearEachChildStartedThenExitedThenReaped() throws Exception {
		DefaultProcessLauncher launcher = pythonFaithful(0);
		Map<Long, List<String>> heard = new ConcurrentHashMap<>();
		Set<Long> exitedNotReaped = ConcurrentHashMap.newKeySet();
		launcher.addListener(new ChildProcessListener() {

			@Override
			public void started(ChildProcess child) {
				heard.computeIfAbsent(child.pid(), (pid) -> new CopyOnWriteArrayList<>()).add("started");
			}

			@Override
			public void exited(ChildProcess child) {
				heard.computeIfAbsent(child.pid(), (pid) -> new CopyOnWriteArrayList<>()).add("exited");
				exitedNotReaped.add(child.pid());
			}

			@Override
			public void reaped(ExitRecord record) {
				heard.computeIfAbsent(record.pid(), (pid) -> new CopyOnWriteArrayList<>()).add("reaped");
				exitedNotReaped.remove(record.pid());
			}

		});
		List<Long> pids = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			ChildProcess child = launcher.start("true");
			if (i % 2 == 0) {
				child.process().waitFor();
			}
			pids.add(child.pid());
		}
		await().atMost(WAIT).until(() -> launcher.counts().live() == 0);
		launcher.reap();
		await().atMost(WAIT).until(() -> pids.stream().allMatch((pid) -> heard.get(pid).size() == 3));
		long outOfOrder = pids.stream()
			.filter((pid) -> !heard.get(pid).equals(List.of("started", "exited", "reaped")))
			.count();
		report("300 children: heard out of order", outOfOrder);
		report("300 children: a listener that adds on exit and removes on reap holds", exitedNotReaped.size());
		assertThat(outOfOrder).isZero();
		assertThat(exitedNotReaped).isEmpty();
	}

	@Test
	void countsAgreeWithTheJdkAtTheMomentOfTheCall() throws IOException, InterruptedException {
		DefaultProcessLauncher launcher = pythonFaithful(0);
		List<Process> processes = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			processes.add(launcher.start("true").process());
		}
		for (Process process : processes) {
			process.waitFor();
		}
		// waitFor() has returned for all: however late the watcher is, they are not live.
		DefaultProcessLauncher.Snapshot snapshot = launcher.snapshot();
		assertThat(snapshot.counts().live()).isZero();
		assertThat(snapshot.children()).allMatch((child) -> child.state() == ChildState.EXITED);
		assertThat(snapshot.counts().exited()).isEqualTo(20);
		assertThat(snapshot.children()).hasSize((int) snapshot.counts().unreaped());
	}

	private static void report(String what, long figure) {
		System.out.println("[one truth] " + what + ": " + figure);
	}

}
