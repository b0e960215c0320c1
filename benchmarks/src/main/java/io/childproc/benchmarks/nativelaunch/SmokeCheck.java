package io.childproc.benchmarks.nativelaunch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks, right through the native path, what a launcher must get right before any rate
 * counts: exit codes, signalled children, output through a pipe, no inherited descriptor,
 * an empty signal mask, and nothing left behind. Fails loudly.
 */
final class SmokeCheck {

	private static final int SIGKILL = 9;

	private SmokeCheck() {
	}

	/**
	 * Runs every check with the JVM as it is.
	 * @param spawner the native spawner
	 * @return one line per check passed
	 */
	static String run(NativeSpawner spawner) throws IOException {
		StringBuilder passed = new StringBuilder();
		for (NativeSpawner.Stdio stdio : NativeSpawner.Stdio.values()) {
			NativeChild child = spawner.spawn(stdio, "sh", "-c", "exit 3");
			expect("sh -c 'exit 3' (" + stdio + ")", child.waitFor(), 3);
			child.closeStreams();
		}
		passed.append("- `sh -c 'exit 3'` exits with 3, with pipes and with /dev/null\n");
		expect("sh -c 'kill -TERM $$'", spawner.spawn(NativeSpawner.Stdio.NULL, "sh", "-c", "kill -TERM $$").waitFor(),
				128 + 15);
		passed.append("- `sh -c 'kill -TERM $$'` exits with 143 (128 + SIGTERM), as Process.exitValue() says\n");
		NativeChild sleeper = spawner.spawn(NativeSpawner.Stdio.NULL, LiveChildren.SLEEP);
		check("SIGKILL through the pidfd of a live sleep is sent", sleeper.signal(SIGKILL));
		expect("sleep killed through its pidfd", sleeper.waitFor(), 128 + SIGKILL);
		check("no signal is sent once the child is reaped (its pidfd is closed)", !sleeper.signal(SIGKILL));
		passed.append("- `sleep 3600` killed through `pidfd_send_signal` exits with 137; "
				+ "no signal can be sent once it is reaped\n");
		expect("output of sh -c 'echo hello' through the stdout pipe",
				output(spawner.spawn(NativeSpawner.Stdio.PIPES, "sh", "-c", "echo hello; echo ignored >&2")),
				"hello\n");
		passed.append("- `echo hello` arrives through the stdout pipe\n");
		String fds = output(spawner.spawn(NativeSpawner.Stdio.PIPES, "sh", "-c", "ls /proc/$$/fd"));
		expect("descriptors of the child (the JVM holds " + OpenDescriptors.count() + ")", fds, "0\n1\n2\n");
		passed.append("- the child holds descriptors 0, 1 and 2 only, while the JVM holds ")
			.append(OpenDescriptors.count())
			.append('\n');
		// exec: grep reads its own state, which is the shell's (a pipeline would show the
		// shell's state while it forks).
		String command = "exec grep -E '^Sig(Blk|Ign):' /proc/self/status";
		String status = output(spawner.spawn(NativeSpawner.Stdio.PIPES, "sh", "-c", command));
		Process jdk = new ProcessBuilder("sh", "-c", command).start();
		String jdkStatus = new String(jdk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			expect("exit value of the ProcessBuilder child reading its signal state", jdk.waitFor(), 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
		check("the child's signal mask is empty (" + status.trim() + ")", status.matches("(?s)SigBlk:\\s*0+\\n.*"));
		expect("ignored signals of the child, against a ProcessBuilder child's", field(status, "SigIgn:"),
				field(jdkStatus, "SigIgn:"));
		passed.append("- the child starts with an empty signal mask (a ProcessBuilder child of this JVM: SigBlk ")
			.append(field(jdkStatus, "SigBlk:"))
			.append(") and the same ignored signals as a ProcessBuilder child (SigIgn ")
			.append(field(status, "SigIgn:"))
			.append(")\n");
		return passed.toString();
	}

	/**
	 * Checks that every child this JVM started has been reaped: no pid left in
	 * {@code /proc/self/task/[tid]/children}, and nothing watched.
	 * @param watcher the watcher
	 */
	static void nothingLeft(PidfdWatcher watcher) throws IOException {
		StringBuilder children = new StringBuilder();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					children.append(Files.readString(task.resolve("children")).trim()).append(' ');
				}
				catch (IOException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		check("no child left (found: " + children.toString().trim() + ")", children.toString().isBlank());
		check("no child still watched (" + watcher.watched() + ")", watcher.watched() == 0);
	}

	private static String field(String status, String name) {
		return status.lines()
			.filter((line) -> line.startsWith(name))
			.map((line) -> line.substring(name.length()).trim())
			.findFirst()
			.orElse("(missing)");
	}

	private static String output(NativeChild child) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		long read;
		while ((read = LibC.read(child.stdout(), buffer, buffer.length)) > 0) {
			out.write(buffer, 0, (int) read);
		}
		int exit = child.waitFor();
		child.closeStreams();
		expect("exit value of a child whose output is read", exit, 0);
		return out.toString(StandardCharsets.UTF_8);
	}

	private static void expect(String what, Object actual, Object expected) {
		if (!expected.equals(actual)) {
			throw new IllegalStateException(
					"Smoke check failed: " + what + " gave [" + actual + "], expected [" + expected + "]");
		}
	}

	private static void check(String what, boolean passed) {
		if (!passed) {
			throw new IllegalStateException("Smoke check failed: " + what);
		}
	}

}
