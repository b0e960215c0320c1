package io.childproc;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import com.sun.jna.Native;
import io.childproc.testsupport.ChildJvm;
import io.childproc.testsupport.ChildJvm.Run;
import io.childproc.testsupport.Descendants;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core works in a plain Java program: one is compiled and run here with nothing but
 * {@code childproc-core}'s classes and its own dependencies (JNA, JSpecify) on the class
 * path, no Spring and no Micrometer, and it starts, tracks, reaps and ends children.
 */
class PlainJavaTests {

	private static final String PROGRAM = """
			import java.time.Duration;
			import java.util.concurrent.TimeUnit;

			import io.childproc.ChildProcess;
			import io.childproc.DefaultProcessLauncher;
			import io.childproc.LauncherSettings;

			public class PlainJava {

				public static void main(String[] args) throws Exception {
					for (String name : new String[] { "org.springframework.core.SpringVersion",
							"io.micrometer.core.instrument.MeterRegistry" }) {
						try {
							Class.forName(name);
							System.out.println("LOADED " + name);
						}
						catch (ClassNotFoundException ex) {
							System.out.println("ABSENT " + name);
						}
					}
					DefaultProcessLauncher launcher = new DefaultProcessLauncher(LauncherSettings.builder()
						.reapInterval(Duration.ZERO)
						.shutdownGracePeriod(Duration.ofSeconds(1))
						.build());
					ChildProcess quick = launcher.start("sh", "-c", "exit 3");
					quick.onExit().get(30, TimeUnit.SECONDS);
					System.out.println("TRACKED " + launcher.children().size() + " " + quick.state());
					System.out.println("REAPED " + launcher.reap() + " exit " + launcher.recentExits().get(0).exitCode());
					ChildProcess slow = launcher.start("sleep", "60");
					System.out.println("TERMINATED " + slow.terminate(Duration.ofSeconds(5)) + " exit "
							+ slow.onExit().get(30, TimeUnit.SECONDS).exitCode().getAsInt());
					ChildProcess left = launcher.start("sleep", "60");
					launcher.close();
					System.out.println("CLOSED alive " + left.process().isAlive() + " " + launcher.counts());
				}

			}
			""";

	@AfterEach
	void nothingLeft() {
		Descendants.assertNoneLeft(Duration.ofSeconds(10));
	}

	@Test
	void aPlainJavaProgramWithOnlyTheCoreOnItsClassPathStartsTracksReapsAndEndsChildren(@TempDir Path temp)
			throws Exception {
		String classPath = String.join(":", locationOf(DefaultProcessLauncher.class), locationOf(Native.class),
				locationOf(NullMarked.class));
		assertThat(classPath).doesNotContain("spring", "micrometer");
		Path source = Files.writeString(temp.resolve("PlainJava.java"), PROGRAM);
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac.run(null, null, null, "-cp", classPath, "-d", temp.toString(), source.toString()))
			.as("compiled against the core alone")
			.isZero();

		Run run = ChildJvm.run(new ProcessBuilder(ChildJvm.java(), "-cp", temp + ":" + classPath, "PlainJava"),
				Duration.ofSeconds(60));
		String output = run.stdout();
		List<String> lines = output.lines().filter((line) -> line.matches("[A-Z]+ .*")).toList();
		assertThat(lines).as(output)
			.containsSubsequence("ABSENT org.springframework.core.SpringVersion",
					"ABSENT io.micrometer.core.instrument.MeterRegistry", "TRACKED 1 EXITED", "REAPED 1 exit 3",
					"TERMINATED true exit 143",
					"CLOSED alive false ChildCounts[live=0, unreaped=0, exited=3, " + "started=3, startFailures=0]");
		assertThat(run.exitCode()).as(output).isZero();
	}

	private static String locationOf(Class<?> type) throws URISyntaxException, IOException {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

}
