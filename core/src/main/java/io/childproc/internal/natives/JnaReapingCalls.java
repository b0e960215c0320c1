package io.childproc.internal.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * {@link ReapingCalls} through JNA. Loaded by name only once JNA is known to be on the
 * class path.
 */
final class JnaReapingCalls implements ReapingCalls {

	private static final int PR_SET_CHILD_SUBREAPER = 36;

	private static final int PR_GET_CHILD_SUBREAPER = 37;

	private static final int WNOHANG = 1;

	private static final System.Logger logger = System.getLogger(JnaReapingCalls.class.getName());

	private final CLibrary c;

	JnaReapingCalls() {
		this.c = Native.load("c", CLibrary.class);
	}

	@Override
	public boolean available() {
		return true;
	}

	@Override
	public String unavailableReason() {
		return null;
	}

	@Override
	public boolean becomeChildSubreaper() {
		try {
			NativeLong zero = new NativeLong(0);
			return this.c.prctl(PR_SET_CHILD_SUBREAPER, new NativeLong(1), zero, zero, zero) == 0;
		}
		catch (LastErrorException ex) {
			logger.log(System.Logger.Level.WARNING, "prctl(PR_SET_CHILD_SUBREAPER) failed with errno "
					+ ex.getErrorCode() + ": the JVM does not adopt orphans");
			return false;
		}
	}

	@Override
	public boolean isChildSubreaper() {
		try {
			int[] flag = new int[1];
			NativeLong zero = new NativeLong(0);
			return this.c.prctl(PR_GET_CHILD_SUBREAPER, flag, zero, zero, zero) == 0 && flag[0] != 0;
		}
		catch (LastErrorException ex) {
			return false;
		}
	}

	@Override
	public boolean reap(long pid) {
		if (pid <= 0 || pid > Integer.MAX_VALUE) {
			// Never 0 or -1: those wait for any child.
			return false;
		}
		try {
			return this.c.waitpid((int) pid, new int[1], WNOHANG) == pid;
		}
		catch (LastErrorException ex) {
			// ECHILD: not our child, or already reaped.
			return false;
		}
	}

	@Override
	public String toString() {
		return "JnaReapingCalls";
	}

	interface CLibrary extends Library {

		int prctl(int option, NativeLong arg2, NativeLong arg3, NativeLong arg4, NativeLong arg5)
				throws LastErrorException;

		int prctl(int option, int[] arg2, NativeLong arg3, NativeLong arg4, NativeLong arg5) throws LastErrorException;

		int waitpid(int pid, int[] status, int options) throws LastErrorException;

	}

}
