package io.childproc.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.childproc.ChildCounts;
import io.childproc.ChildProcess;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildrenEndpoint} called directly, with real children.
 */
class ChildrenEndpointTests extends AbstractEndpointTests {

	@Test
	void theSanitizingFunctionOfTheDocumentationMasksTokensAndPasswordsInUrls() throws Exception {
		// The SanitizingFunction example of docs/endpoint-and-meters.md.
		SanitizingFunction maskTokens = SanitizingFunction.sanitizeValue()
			.ifValueStringMatches("--token=.*", ".*://[^/]*:[^/]*@.*");
		ChildrenEndpoint endpoint = new ChildrenEndpoint(this.launcher, List.of(maskTokens), Show.ALWAYS, Set.of(),
				Duration.ZERO, List.of());
		ChildProcess child = this.launcher.start("sleep", "60", "--token=abc", "https://user:secret@example.com/x",
				"https://example.com/y");
		assertThat(((ChildrenEndpoint.ChildDescriptor) endpoint.child(SecurityContext.NONE, child.pid())).command())
			.containsExactly("sleep", "60", "******", "******", "https://example.com/y");
	}

	@Test
	void reportsNothingWasSignalledForAChildThatHadAlreadyExited() throws Exception {
		ChildrenEndpoint endpoint = new ChildrenEndpoint(this.launcher, List.of(), Show.NEVER, Set.of(), Duration.ZERO,
				List.of());
		ChildProcess child = this.launcher.start("true");
		child.onExit().get();
		assertThat(endpoint.terminate(child.pid()))
			.isEqualTo(new ChildrenEndpoint.TerminationDescriptor(child.pid(), "true", false, true, 0));
		assertThat(endpoint.terminate(ProcessHandle.current().pid())).isNull();
	}

	@Test
	void oneAnswerIsOneConsistentViewWhateverOtherThreadsDo() throws Exception {
		// A launcher whose reads are pre-empted by a start between counts() and
		// children(), as another thread's start would.
		DefaultProcessLauncher preempted = new DefaultProcessLauncher(
				LauncherSettings.defaults().withReapInterval(Duration.ZERO).withShutdownGracePeriod(Duration.ZERO)) {

			@Override
			public ChildCounts counts() {
				ChildCounts counts = super.counts();
				try {
					start("sleep", "60");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return counts;
			}

		};
		try {
			preempted.start("sleep", "60");
			ChildrenEndpoint endpoint = new ChildrenEndpoint(preempted, List.of(), Show.NEVER, Set.of(), Duration.ZERO,
					List.of());
			ChildrenEndpoint.ChildrenDescriptor answer = endpoint.children(SecurityContext.NONE);
			assertThat(answer.live() + answer.unreaped()).isEqualTo(answer.children().size());
		}
		finally {
			preempted.close();
		}
	}

}
