package io.childproc.benchmarks.nativelaunch;

import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.StringArray;

/**
 * Starts children with glibc's {@code posix_spawnp} (a {@code clone(CLONE_VM |
 * CLONE_VFORK)} and one exec: no helper program), then opens a pidfd for each and hands
 * it to the {@link PidfdWatcher}. In the child, before the exec: standard input, output
 * and error become pipes or {@code /dev/null}, every other descriptor is closed in one
 * {@code close_range} call ({@code posix_spawn_file_actions_addclosefrom_np}), the signal
 * mask is emptied and every signal's disposition is reset to its default.
 */
final class NativeSpawner {

	/** Where the child's standard streams go. */
	enum Stdio {

		/** Three pipes, the parent keeps one end of each (what ProcessBuilder does). */
		PIPES,

		/** {@code /dev/null} for all three. */
		NULL

	}

	private static final String DEV_NULL = "/dev/null";

	private final PidfdWatcher watcher;

	private final Memory attributes = new Memory(LibC.SPAWNATTR_SIZE);

	private final Memory nullActions = new Memory(LibC.FILE_ACTIONS_SIZE);

	private final StringArray environment;

	NativeSpawner(PidfdWatcher watcher) {
		this.watcher = watcher;
		this.environment = new StringArray(System.getenv()
			.entrySet()
			.stream()
			.map(Map.Entry::getKey)
			.map((name) -> name + "=" + System.getenv(name))
			.toArray(String[]::new));
		check("posix_spawnattr_init", LibC.posix_spawnattr_init(this.attributes));
		Memory empty = new Memory(LibC.SIGSET_SIZE);
		LibC.sigemptyset(empty);
		Memory all = new Memory(LibC.SIGSET_SIZE);
		LibC.sigfillset(all);
		check("posix_spawnattr_setsigmask", LibC.posix_spawnattr_setsigmask(this.attributes, empty));
		check("posix_spawnattr_setsigdefault", LibC.posix_spawnattr_setsigdefault(this.attributes, all));
		check("posix_spawnattr_setflags", LibC.posix_spawnattr_setflags(this.attributes,
				(short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)));
		check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(this.nullActions));
		check("posix_spawn_file_actions_addopen",
				LibC.posix_spawn_file_actions_addopen(this.nullActions, 0, DEV_NULL, LibC.O_RDONLY, 0));
		check("posix_spawn_file_actions_addopen",
				LibC.posix_spawn_file_actions_addopen(this.nullActions, 1, DEV_NULL, LibC.O_WRONLY, 0));
		check("posix_spawn_file_actions_adddup2", LibC.posix_spawn_file_actions_adddup2(this.nullActions, 1, 2));
		check("posix_spawn_file_actions_addclosefrom_np",
				LibC.posix_spawn_file_actions_addclosefrom_np(this.nullActions, 3));
	}

	/**
	 * Starts a child and has it watched.
	 * @param stdio where its standard streams go
	 * @param command the program (looked up in {@code PATH}) and its arguments
	 * @return the child
	 */
	NativeChild spawn(Stdio stdio, String... command) {
		StringArray argv = new StringArray(command);
		int[] pid = new int[1];
		int stdin = -1;
		int stdout = -1;
		int stderr = -1;
		if (stdio == Stdio.NULL) {
			check("posix_spawnp " + command[0],
					LibC.posix_spawnp(pid, command[0], this.nullActions, this.attributes, argv, this.environment));
		}
		else {
			int[] in = pipe();
			int[] out = pipe();
			int[] err = pipe();
			Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
			check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(actions));
			try {
				// The pipes are close-on-exec; dup2 gives the child copies that are not.
				check("adddup2", LibC.posix_spawn_file_actions_adddup2(actions, in[0], 0));
				check("adddup2", LibC.posix_spawn_file_actions_adddup2(actions, out[1], 1));
				check("adddup2", LibC.posix_spawn_file_actions_adddup2(actions, err[1], 2));
				check("addclosefrom_np", LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3));
				int error = LibC.posix_spawnp(pid, command[0], actions, this.attributes, argv, this.environment);
				if (error != 0) {
					for (int fd : new int[] { in[1], out[0], err[0] }) {
						LibC.close(fd);
					}
				}
				check("posix_spawnp " + command[0], error);
			}
			finally {
				LibC.posix_spawn_file_actions_destroy(actions);
				LibC.close(in[0]);
				LibC.close(out[1]);
				LibC.close(err[1]);
			}
			stdin = in[1];
			stdout = out[0];
			stderr = err[0];
		}
		// The pid cannot be reused before we reap it: nobody else in this JVM waits for
		// it (the JDK waits for its own children by pid, never by waiting for any child).
		int pidfd = LibC.pidfdOpen(pid[0]);
		if (pidfd < 0) {
			int errno = LibC.errno();
			// Leave nothing behind: end and reap the child we cannot watch.
			LibC.kill(pid[0], 9);
			LibC.waitid(LibC.P_PID, pid[0], new Memory(LibC.SIGINFO_SIZE), LibC.WEXITED);
			throw LibC.failure("pidfd_open(" + pid[0] + ") (kernel 5.3 or later is needed)", errno);
		}
		NativeChild child = new NativeChild(pid[0], pidfd, stdin, stdout, stderr);
		this.watcher.watch(child);
		return child;
	}

	private static int[] pipe() {
		int[] fds = new int[2];
		if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0) {
			throw LibC.failure("pipe2", LibC.errno());
		}
		return fds;
	}

	private static void check(String call, int error) {
		if (error != 0) {
			throw LibC.failure(call, error);
		}
	}

}
