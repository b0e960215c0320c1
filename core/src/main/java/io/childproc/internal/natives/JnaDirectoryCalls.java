package io.childproc.internal.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * {@link DirectoryCalls} through JNA's direct mapping on 64-bit Linux: {@code open(2)},
 * then {@code getdents64(2)} (system call 217 on {@code amd64}, 61 on {@code aarch64})
 * into a 64 KiB buffer until the directory is read, then {@code close(2)}. Loaded by name
 * only once JNA is known to be present and native access welcome.
 */
final class JnaDirectoryCalls implements DirectoryCalls {

	private static final int O_RDONLY = 0;

	private static final int O_CLOEXEC = 0x80000;

	/** A {@code /proc} entry takes 24 to 32 bytes: about 2,000 per call. */
	private static final int BUFFER_BYTES = 64 * 1024;

	/**
	 * Where the fields of a {@code struct linux_dirent64} lie: {@code d_ino} (8 bytes),
	 * {@code d_off} (8), {@code d_reclen} (2), {@code d_type} (1), then the name, ended
	 * by a NUL.
	 */
	private static final int RECLEN_OFFSET = 16;

	private static final int NAME_OFFSET = 19;

	private final long getdents64;

	JnaDirectoryCalls() {
		String arch = System.getProperty("os.arch");
		if ("amd64".equals(arch)) {
			this.getdents64 = 217;
		}
		else if ("aarch64".equals(arch)) {
			this.getdents64 = 61;
		}
		else {
			throw new IllegalStateException("getdents64 is bound for amd64 and aarch64 only, not " + arch);
		}
		C.load();
	}

	@Override
	public NumberedEntries numberedEntries(String directory) {
		int fd;
		try {
			fd = C.open(directory, O_RDONLY | O_CLOEXEC);
		}
		catch (LastErrorException ex) {
			throw new PidfdCalls.CallFailedException("open(" + directory + ")", ex.getErrorCode());
		}
		try {
			byte[] buffer = new byte[BUFFER_BYTES];
			NumberedEntries entries = new NumberedEntries(1024);
			long read;
			while ((read = getdents(fd, buffer)) > 0) {
				parse(buffer, (int) read, entries);
			}
			return entries;
		}
		finally {
			try {
				C.close(fd);
			}
			catch (LastErrorException ex) {
				// EINTR leaves the descriptor closed on Linux.
			}
		}
	}

	private long getdents(int fd, byte[] buffer) {
		try {
			return C.syscall(this.getdents64, fd, buffer, buffer.length);
		}
		catch (LastErrorException ex) {
			throw new PidfdCalls.CallFailedException("getdents64", ex.getErrorCode());
		}
	}

	/**
	 * Adds the entries of one {@code getdents64} result whose names are decimal numbers.
	 * @param buffer the records, in the machine's byte order (little-endian on both
	 * architectures bound)
	 * @param length how many bytes hold records
	 * @param entries where to add them
	 */
	static void parse(byte[] buffer, int length, NumberedEntries entries) {
		int at = 0;
		while (at + NAME_OFFSET < length) {
			int recordLength = (buffer[at + RECLEN_OFFSET] & 0xff) | ((buffer[at + RECLEN_OFFSET + 1] & 0xff) << 8);
			if (recordLength <= 0) {
				return;
			}
			long number = 0;
			int digits = 0;
			int end = Math.min(at + recordLength, length);
			for (int i = at + NAME_OFFSET; i < end && buffer[i] != 0; i++) {
				int digit = buffer[i] - '0';
				if (digit < 0 || digit > 9 || digits == 18) {
					digits = -1;
					break;
				}
				number = number * 10 + digit;
				digits++;
			}
			if (digits > 0) {
				entries.add(number, littleEndianLong(buffer, at));
			}
			at += recordLength;
		}
	}

	private static long littleEndianLong(byte[] buffer, int at) {
		long value = 0;
		for (int i = 7; i >= 0; i--) {
			value = (value << 8) | (buffer[at + i] & 0xff);
		}
		return value;
	}

	@Override
	public String toString() {
		return "JnaDirectoryCalls";
	}

	/**
	 * The C library, directly mapped.
	 */
	private static final class C {

		static {
			Native.register("c");
		}

		static void load() {
			// Runs the static initialiser, which binds the library.
		}

		static native int open(String path, int flags) throws LastErrorException;

		// syscall(2) is variadic; on amd64 and aarch64 Linux integer and pointer
		// arguments are passed alike either way.
		static native long syscall(long number, long fd, byte[] buffer, long count) throws LastErrorException;

		static native int close(int fd) throws LastErrorException;

	}

}
