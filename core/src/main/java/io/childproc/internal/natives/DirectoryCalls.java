package io.childproc.internal.natives;

import java.util.Arrays;

/**
 * Reads a directory's entries with their inode numbers, a few thousand entries per system
 * call ({@code getdents64}), without a {@code stat(2)} per entry. For {@code /proc} the
 * inode number comes with the entry: the kernel makes a new {@code /proc/<pid>} inode for
 * each new process, so a pid whose inode number is unchanged still names the same
 * process. {@code Natives.directoryCalls()} binds it through JNA.
 */
public interface DirectoryCalls {

	/**
	 * Lists the entries of a directory whose names are decimal numbers (in {@code /proc}:
	 * the processes), with their inode numbers.
	 * @param directory the directory's path
	 * @return the entries, in the order the directory gives them
	 * @throws PidfdCalls.CallFailedException when the directory cannot be opened or read
	 */
	NumberedEntries numberedEntries(String directory);

	/**
	 * Entries of a directory named by numbers, each with its inode number.
	 */
	final class NumberedEntries {

		private long[] numbers;

		private long[] inodes;

		private int size;

		/**
		 * Creates an empty list with room for some entries.
		 * @param capacity the entries it holds before it grows
		 */
		public NumberedEntries(int capacity) {
			this.numbers = new long[Math.max(capacity, 16)];
			this.inodes = new long[this.numbers.length];
		}

		/**
		 * Adds an entry.
		 * @param number the number its name spells
		 * @param inode its inode number
		 */
		public void add(long number, long inode) {
			if (this.size == this.numbers.length) {
				this.numbers = Arrays.copyOf(this.numbers, this.size * 2);
				this.inodes = Arrays.copyOf(this.inodes, this.size * 2);
			}
			this.numbers[this.size] = number;
			this.inodes[this.size] = inode;
			this.size++;
		}

		/**
		 * Counts the entries.
		 * @return the count
		 */
		public int size() {
			return this.size;
		}

		/**
		 * Returns the number an entry's name spells.
		 * @param index the entry's index, below {@link #size()}
		 * @return the number (in {@code /proc}: the pid)
		 */
		public long number(int index) {
			return this.numbers[index];
		}

		/**
		 * Returns an entry's inode number.
		 * @param index the entry's index, below {@link #size()}
		 * @return the inode number
		 */
		public long inode(int index) {
			return this.inodes[index];
		}

		/**
		 * Whether another listing holds the same entries, numbers and inode numbers, in
		 * the same order: the same processes, none ended, none new, no pid reused.
		 * @param other the other listing
		 * @return whether they are the same
		 */
		public boolean sameAs(NumberedEntries other) {
			return this.size == other.size && Arrays.equals(this.numbers, 0, this.size, other.numbers, 0, other.size)
					&& Arrays.equals(this.inodes, 0, this.size, other.inodes, 0, other.size);
		}

	}

}
