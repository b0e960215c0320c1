package io.childproc.readme;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.childproc.ChildCounts;
import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.ChildProcessListener;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ExitRecord;
import io.childproc.LauncherSettings;
import io.childproc.Outcome;
import io.childproc.ProcessLauncher;
import io.childproc.StartOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The Java snippets of README.md, as code that compiles: {@link ReadmeSnippetsTests}
 * checks that each snippet of the README is written here, whitespace aside, and runs
 * them. Change a snippet here and in the README together.
 */
class ReadmeSnippets {

	private static final Logger log = LoggerFactory.getLogger(ReadmeSnippets.class);

	static Outcome waitOrEnd(ProcessLauncher launcher) throws Exception {
		// README, "Wait for it, or end its whole tree":
		ChildProcess child = launcher.start(new ProcessBuilder("sh", "-c", "sleep 60 & sleep 60"),
				StartOptions.named("worker"));
		// ... later, when the work is no longer wanted:
		child.terminate(Duration.ofSeconds(5));
		// SIGNALED: ended by SIGTERM
		Outcome outcome = child.onExit().join().outcome().orElseThrow();
		return outcome;
	}

	static void output(ProcessLauncher launcher, List<String> failures) throws Exception {
		// README, "A child's output" (run by core's ReadmeOutputExamplesTests):
		launcher.start(new ProcessBuilder("sh", "-c", "echo converting; echo 'frame 12 dropped' >&2"),
				StartOptions.named("convert").withOutput(ChildOutput.log()));
		ChildProcess status = launcher.start(new ProcessBuilder("git", "-C", "/no/such/repository", "status"),
				StartOptions.named("git-status").withOutput(ChildOutput.capture(64 * 1024)));
		status.onExit().join();
		if (status.outcome().orElseThrow() != Outcome.SUCCESS) {
			failures.add("git status failed: " + status.output().stderr());
		}
		launcher.start(new ProcessBuilder("sh", "-c", "yes | head -c 10000000"),
				StartOptions.named("noisy").withOutput(ChildOutput.discard()));
	}

	static List<ExitRecord> lookAndListen(ProcessLauncher launcher) {
		// README, "Look at the children, and hear of their lives":
		// live, unreaped, exited, started, startFailures
		ChildCounts counts = launcher.counts();
		// running and exited, oldest first
		List<ChildProcess> children = launcher.children();
		// newest first: exit code, outcome, duration
		List<ExitRecord> exits = launcher.recentExits();
		launcher.addListener(new ChildProcessListener() {
			@Override
			public void reaped(ExitRecord record) {
				log.info("{} ({}) ended {} in {}", record.name(), record.pid(), record.outcome(), record.duration());
			}
		});
		log.info("{} {} {}", counts, children, exits);
		return exits;
	}

	static void withoutSpring() throws Exception {
		// README, "Without Spring":
		try (DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.defaults().withMaxLive(8))) {
			ChildProcess child = launcher.start("git", "--version");
			child.onExit().join();
		} // close() ends every child's tree that still runs
	}

}

// README, "Start a child":
@Service
class Transcoder {

	private final ProcessLauncher launcher;

	Transcoder(ProcessLauncher launcher) {
		this.launcher = launcher;
	}

	int transcode(Path in, Path out) throws Exception {
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("ffmpeg", "-i", in.toString(), out.toString()).redirectErrorStream(true),
				StartOptions.named("ffmpeg-transcode").withTimeout(Duration.ofMinutes(5)));
		child.process().getInputStream().transferTo(OutputStream.nullOutputStream());
		return child.onExit().get().exitCode().getAsInt();
	}

}
