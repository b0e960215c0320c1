package io.childproc;

import java.io.IOException;
import java.util.List;

import io.childproc.internal.linux.CgroupPids;
import org.jspecify.annotations.Nullable;

/**
 * Spawns an admitted child: checks the cgroup's pids limit, starts the launcher's own
 * marked copy of the caller's builder, and turns a failure into a start exception that
 * says what was wrong (a failed start is counted once, and its admission released).
 */
final class Spawner {

	private final CgroupPids cgroupPids;

	private final ChildRegistry registry;

	private final HalfStartedChild rescue;

	private final StartFailures failures;

	private final String ownerId;

	private final @Nullable String applicationId;

	Spawner(CgroupPids cgroupPids, ChildRegistry registry, HalfStartedChild rescue, StartFailures failures,
			String ownerId, @Nullable String applicationId) {
		this.cgroupPids = cgroupPids;
		this.registry = registry;
		this.rescue = rescue;
		this.failures = failures;
		this.ownerId = ownerId;
		this.applicationId = applicationId;
	}

	Process spawn(ProcessBuilder builder, List<String> command, String mark, OutputDrain output) throws IOException {
		String program = StartDiagnosis.program(command);
		String pidsRefusal = this.cgroupPids.refusal(program);
		if (pidsRefusal != null) {
			this.registry.abandon();
			throw this.failures.failed(command, new ChildProcessStartException(pidsRefusal));
		}
		ProcessBuilder copy = MarkingBuilder.copyOf(builder, command, this.ownerId, mark, this.applicationId);
		output.redirect(copy);
		try {
			return copy.start();
		}
		catch (IOException | RuntimeException ex) {
			this.registry.abandon();
			ChildProcessStartException failure = StartDiagnosis.diagnose(copy, command, ex);
			String atLimit = this.cgroupPids.refusal(program);
			throw this.failures.failed(command,
					(atLimit != null) ? new ChildProcessStartException(atLimit, ex) : failure);
		}
		catch (OutOfMemoryError ex) {
			// The JDK spawned the child, then could not create the thread that waits for
			// it (a process limit counts threads too). Nobody would ever wait for that
			// child: end it rather than leave it untracked.
			this.registry.abandon();
			boolean killed = this.rescue.rescue(mark, HalfStartedChild.isThreadLimit(ex));
			throw this.failures.failed(command, new ChildProcessStartException("Cannot start " + program
					+ ": the JVM could not create a thread to wait for the child (" + ex.getMessage()
					+ "): a process or thread limit is reached (ulimit -u counts threads too, so does the cgroup's "
					+ "pids.max)" + (killed ? "; the child was killed" : "")
					+ "; end other processes or raise the limit", ex));
		}
		catch (Error ex) {
			this.registry.abandon();
			throw ex;
		}
	}

}
