package io.childproc.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JUnit extension that gives a test its launchers, closes them after each test and
 * checks that nothing is left: no child or descendant process, no pipe descriptor and no
 * launcher thread ({@code childproc-*}) beyond those open before the test. Register it on
 * a field: <pre>
 * &#64;RegisterExtension
 * final Launchers launchers = new Launchers();
 *
 * &#64;Test
 * void test() {
 *     DefaultProcessLauncher launcher = this.launchers.start(LauncherSettings.defaults());
 *     ...
 * }
 * </pre>
 */
public final class Launchers implements BeforeEachCallback, AfterEachCallback {

	private final Duration wait;

	private final List<DefaultProcessLauncher> started = new ArrayList<>();

	private long pipesBefore;

	private Set<Thread> threadsBefore = Set.of();

	/**
	 * A kit that gives what was left ten seconds to end after each test.
	 */
	public Launchers() {
		this(Duration.ofSeconds(10));
	}

	/**
	 * A kit that gives what was left a given time to end: the kit's own tests, which
	 * leave things behind on purpose, wait less.
	 * @param wait how long to wait for the children, pipes and threads to end
	 */
	Launchers(Duration wait) {
		this.wait = wait;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.pipesBefore = Leftovers.pipeDescriptors();
		this.threadsBefore = Leftovers.launcherThreads();
	}

	/**
	 * Starts a launcher that is closed after the test.
	 * @param settings its settings
	 * @return the launcher
	 */
	public DefaultProcessLauncher start(LauncherSettings settings) {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher(settings);
		this.started.add(launcher);
		return launcher;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.started.forEach(DefaultProcessLauncher::close);
		this.started.clear();
		Descendants.assertNoneLeft(this.wait);
		await().atMost(this.wait)
			.untilAsserted(() -> assertThat(Leftovers.pipeDescriptors()).as("open pipe descriptors")
				.isLessThanOrEqualTo(this.pipesBefore));
		await().atMost(this.wait).untilAsserted(() -> {
			Set<Thread> left = new HashSet<>(Leftovers.launcherThreads());
			left.removeAll(this.threadsBefore);
			assertThat(Leftovers.names(left)).as("launcher threads left").isEmpty();
		});
	}

}
