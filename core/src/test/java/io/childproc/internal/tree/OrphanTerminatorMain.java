package io.childproc.internal.tree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.linux.Mark;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.linux.ProcessTable;
import io.childproc.internal.natives.Natives;
import io.childproc.internal.natives.ReapingCalls;

/**
 * Makes the JVM a child subreaper (or, with the argument {@code pid1}, runs as PID 1 in a
 * pid namespace of its own), lets two launchers' children leave orphans that the JVM
 * adopts, closes the launchers, and reports on stdout what was ended. Each process it
 * makes is printed as {@code PROCESS <pid> <start time> <name>} first, so that the test
 * can end what is left whatever happens here.
 * <p>
 * Launcher {@code a} (kill-escaped on) leaves an orphan started with {@code env -i} and
 * one that rewrote its process title over its environment after {@code setsid}; launcher
 * {@code b} (kill-escaped off) leaves a plain orphan. A child started with a plain
 * {@link ProcessBuilder}, as other code in the application would, must survive both
 * closes.
 */
public final class OrphanTerminatorMain {

	private static final ProcessTable table = LinuxProcessTable.system();

	private static final long self = ProcessHandle.current().pid();

	private OrphanTerminatorMain() {
	}

	public static void main(String[] args) throws Exception {
		ReapingCalls natives = Natives.reapingCalls();
		if (args.length > 0 && args[0].equals("pid1")) {
			System.out.println("pid: " + self);
		}
		else {
			System.out.println("subreaper: " + natives.becomeChildSubreaper());
		}
		// Each defaults() has an owner id of its own.
		DefaultProcessLauncher a = new DefaultProcessLauncher(
				LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(1)));
		DefaultProcessLauncher b = new DefaultProcessLauncher(
				LauncherSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(1)).withKillEscaped(false));
		Process other = new ProcessBuilder("sleep", "304").start();
		ProcessInfo plain = report("plain-processbuilder", awaitChild("sleep 304"));
		a.start("sh", "-c", "env -i sleep 301 & exit 0");
		ProcessInfo cleared = report("env-i", awaitChild("sleep 301"));
		b.start("sh", "-c", "sleep 302 & exit 0");
		ProcessInfo keptByB = report("kill-escaped-off", awaitChild("sleep 302"));
		a.start("sh", "-c", "setsid perl -e '$0 = \"worker\"; sleep 303' & exit 0");
		ProcessInfo retitled = report("retitled", awaitChild("worker"));
		System.out.println("retitled carries a mark: " + carriesMark(retitled, a.ownerId()));
		System.out.println("kill-escaped-off carries b's mark: " + carriesMark(keptByB, b.ownerId()));
		a.close();
		System.out.println("after a.close: env-i ended: " + ended(cleared) + ", retitled ended: " + ended(retitled)
				+ ", kill-escaped-off ended: " + ended(keptByB) + ", plain-processbuilder ended: " + ended(plain));
		b.close();
		System.out.println("after b.close: kill-escaped-off ended: " + ended(keptByB) + ", plain-processbuilder ended: "
				+ ended(plain));
		System.out.println("zombie children: " + zombieChildren());
		other.destroyForcibly();
		System.out.println("plain-processbuilder exit code: " + other.waitFor());
		System.exit(0);
	}

	private static ProcessInfo report(String name, ProcessInfo process) {
		System.out.println("PROCESS " + process.pid() + " " + process.startTime() + " " + name);
		return process;
	}

	/** Waits until a direct child of the JVM runs the given command. */
	private static ProcessInfo awaitChild(String commandLine) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Optional<ProcessInfo> found = table.descendants(self)
				.stream()
				.filter((process) -> process.ppid() == self && process.commandLine().equals(commandLine))
				.findFirst();
			if (found.isPresent()) {
				return found.get();
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("No child of the JVM runs [" + commandLine + "] after 10 s");
	}

	private static boolean carriesMark(ProcessInfo process, String ownerId) {
		return table.findByEnvironment(Mark.OWNER_VARIABLE, ownerId, null)
			.stream()
			.anyMatch((marked) -> marked.process().isSameProcessAs(process));
	}

	private static boolean ended(ProcessInfo process) {
		return table.process(process.pid())
			.map((now) -> !now.isSameProcessAs(process) || now.state().hasEnded())
			.orElse(true);
	}

	private static List<Long> zombieChildren() {
		List<Long> zombies = new ArrayList<>();
		table.descendants(self).stream().filter(ProcessInfo::isZombie).forEach((zombie) -> zombies.add(zombie.pid()));
		return zombies;
	}

}
