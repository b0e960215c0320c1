package io.childproc.benchmarks.nativelaunch;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extra open descriptors in the JVM ({@code /dev/null} opened many times, as a busy
 * server holds sockets), and counts of this JVM's descriptors.
 */
final class OpenDescriptors implements AutoCloseable {

	private final List<FileInputStream> streams;

	private OpenDescriptors(List<FileInputStream> streams) {
		this.streams = streams;
	}

	static OpenDescriptors open(int count) throws IOException {
		List<FileInputStream> streams = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				streams.add(new FileInputStream("/dev/null"));
			}
		}
		catch (IOException ex) {
			new OpenDescriptors(streams).close();
			throw new IOException("Opened " + streams.size() + " of " + count + " extra descriptors, then: "
					+ ex.getMessage() + "; raise ulimit -n", ex);
		}
		return new OpenDescriptors(streams);
	}

	/**
	 * Counts the descriptors open in this JVM.
	 * @return the number of entries in {@code /proc/self/fd}
	 */
	static int count() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return (int) fds.count();
		}
	}

	/**
	 * Finds the highest descriptor number open in this JVM.
	 * @return the number
	 */
	static int highest() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.mapToInt((fd) -> Integer.parseInt(fd.getFileName().toString())).max().orElse(2);
		}
	}

	@Override
	public void close() throws IOException {
		for (FileInputStream stream : this.streams) {
			stream.close();
		}
		this.streams.clear();
	}

}
