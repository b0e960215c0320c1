package io.childproc.internal.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Reads, through {@code /proc}, the pipes a process writes to: how many bytes wait in the
 * pipe behind one of its descriptors, how many bytes it has written in all, and where it
 * waits in the kernel. Each reading is one process's files, for processes of the same
 * user; anything unreadable (the process exited, another user's process, no
 * {@code /proc}) reads as empty, never as an error.
 * <p>
 * The fill of a pipe is read from the writer's side: {@code /proc/<pid>/fd/<n>} opened
 * read-write (which never blocks on a pipe, unlike a read-only open of a pipe whose
 * writers are gone) and asked with {@code FIONREAD}, which
 * {@link FileInputStream#available()} does for a pipe. It is not read from the JDK's
 * stream of the child's output: {@code Process.getInputStream().available()} waits for
 * the stream's lock, which a thread blocked in {@code read()} holds until the child
 * writes, so a scan would hang on a child whose output is read.
 */
public final class OutputPipes {

	private static final OutputPipes SYSTEM = new OutputPipes(Path.of("/proc"));

	private final Path proc;

	private volatile @Nullable Set<String> ownPipes;

	/**
	 * Creates a reader of the pipes under a {@code /proc} directory.
	 * @param proc the directory, {@code /proc} on Linux
	 */
	public OutputPipes(Path proc) {
		this.proc = proc;
	}

	/**
	 * Returns the reader of this system's {@code /proc}.
	 * @return the reader
	 */
	public static OutputPipes system() {
		return SYSTEM;
	}

	/**
	 * Returns the pipe behind a descriptor of a process and how many bytes wait in it,
	 * unread. A pipe that is also the JVM's own standard output or error (a child that
	 * inherits them) is not reported: the JVM's reader is not the application's code.
	 * @param pid the process
	 * @param fd the descriptor, 1 for standard output, 2 for standard error
	 * @return the pipe and its fill, or empty when the descriptor is not a pipe or cannot
	 * be read
	 */
	public Optional<PipeFill> fill(long pid, int fd) {
		Path path = this.proc.resolve(Long.toString(pid)).resolve("fd").resolve(Integer.toString(fd));
		String pipe = pipeOf(path);
		if (pipe == null || ownPipes().contains(pipe)) {
			return Optional.empty();
		}
		try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
				FileInputStream in = new FileInputStream(file.getFD())) {
			// The descriptor may have been replaced between the two reads.
			return pipe.equals(pipeOf(path)) ? Optional.of(new PipeFill(pipe, in.available())) : Optional.empty();
		}
		catch (IOException | SecurityException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Returns how many bytes a process has written in all, to files, pipes and sockets
	 * ({@code wchar} of {@code /proc/<pid>/io}).
	 * @param pid the process
	 * @return the count, or empty when it cannot be read
	 */
	public OptionalLong bytesWritten(long pid) {
		try {
			for (String line : Files.readAllLines(this.proc.resolve(Long.toString(pid)).resolve("io"),
					StandardCharsets.US_ASCII)) {
				if (line.startsWith("wchar:")) {
					return OptionalLong.of(Long.parseLong(line.substring(6).trim()));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Exited, or not ours to read.
		}
		return OptionalLong.empty();
	}

	/**
	 * Returns the kernel function a sleeping process waits in
	 * ({@code /proc/<pid>/wchan}), such as {@code anon_pipe_write} (Linux 6) or
	 * {@code pipe_write} for a writer blocked on a full pipe. The names depend on the
	 * kernel's version and configuration.
	 * @param pid the process
	 * @return the name, or empty when the process runs, the kernel does not tell
	 * ({@code 0}) or the file cannot be read
	 */
	public Optional<String> waitChannel(long pid) {
		try {
			String channel = Files
				.readString(this.proc.resolve(Long.toString(pid)).resolve("wchan"), StandardCharsets.US_ASCII)
				.trim();
			return (channel.isEmpty() || channel.equals("0")) ? Optional.empty() : Optional.of(channel);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private Set<String> ownPipes() {
		Set<String> pipes = this.ownPipes;
		if (pipes == null) {
			pipes = new HashSet<>();
			for (int fd = 0; fd <= 2; fd++) {
				String pipe = pipeOf(this.proc.resolve("self").resolve("fd").resolve(Integer.toString(fd)));
				if (pipe != null) {
					pipes.add(pipe);
				}
			}
			this.ownPipes = pipes = Set.copyOf(pipes);
		}
		return pipes;
	}

	private static @Nullable String pipeOf(Path descriptor) {
		try {
			String target = Files.readSymbolicLink(descriptor).toString();
			return target.startsWith("pipe:") ? target : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * How full one pipe is.
	 *
	 * @param pipe the pipe, as {@code /proc} names it ({@code pipe:[inode]})
	 * @param queued the bytes written to it and not read yet
	 */
	public record PipeFill(String pipe, long queued) {
	}

}
