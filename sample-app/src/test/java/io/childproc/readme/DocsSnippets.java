package io.childproc.readme;

import io.childproc.DefaultProcessLauncher;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeMonitorSettings;
import io.childproc.internal.tree.ProcessTreeSnapshot;
import io.childproc.observation.ChildProcessObservationContext;
import io.childproc.observation.DefaultChildProcessObservationConvention;
import io.micrometer.common.KeyValues;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;

/**
 * The Java snippets of docs/*.md, as code that compiles: {@link ReadmeSnippetsTests}
 * checks that each is written here, whitespace aside. Change a snippet here and in its
 * page together.
 */
class DocsSnippets {

	// docs/endpoint-and-meters.md, "Command lines and secrets":
	@Bean
	SanitizingFunction maskTokens() {
		return SanitizingFunction.sanitizeValue().ifValueStringMatches("--token=.*", ".*://[^/]*:[^/]*@.*");
	}

	// docs/endpoint-and-meters.md, "Tracing":
	@Bean
	DefaultChildProcessObservationConvention childProcessObservationConvention() {
		return new DefaultChildProcessObservationConvention() {
			@Override
			public KeyValues getLowCardinalityKeyValues(ChildProcessObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "media");
			}
		};
	}

	/**
	 * docs/operating-system.md, "Java API (without Spring)": compiled, not run (it makes
	 * the JVM a subreaper).
	 * @param pid a child's pid
	 */
	static void processTreeApi(long pid) {
		DefaultProcessLauncher launcher = new DefaultProcessLauncher();
		ProcessTreeMonitor monitor = new ProcessTreeMonitor(launcher.launchedChildren(),
				ProcessTreeMonitorSettings.defaults().withSubreaper(true));
		// one scan's view, O(1)
		ProcessTreeSnapshot snapshot = monitor.snapshot();
		// zombies that last: the process, its parent, the child whose tree holds it
		snapshot.zombies();
		// process + the pid of the child it came from
		snapshot.escaped();
		// the tree under one child, with each process's state (O(1))
		snapshot.descendantsOf(pid);
		// one descendant by pid (O(1))
		snapshot.descendant(pid);
		// the tightest cgroup pids.current / pids.max, or null
		snapshot.pids();
		// scans in a row above max-zombies
		snapshot.zombieStreak();
		monitor.orphansReaped();
	}

}
