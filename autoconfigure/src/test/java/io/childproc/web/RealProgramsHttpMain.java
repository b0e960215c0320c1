package io.childproc.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.childproc.ChildProcess;
import io.childproc.ProcessLauncher;
import io.childproc.testsupport.RealPrograms;
import io.childproc.testsupport.RealPrograms.Proc;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the web application of the HTTP tests as PID 1 of a pid namespace (under
 * {@code unshare --pid --fork --mount-proc}), the way it runs in a container without an
 * init, and reports on stdout one line per scenario, {@code RESULT <scenario> key=value
 * ...}:
 * <ul>
 * <li>{@code delete}: a lasting headless Chromium ended by
 * {@code DELETE /actuator/children/<pid>} over HTTP;</li>
 * <li>{@code context-close}: a lasting Chromium running when the application context
 * closes.</li>
 * </ul>
 * Keys: {@code tree} (its processes when up), {@code status} and {@code body} (the HTTP
 * answer), {@code treeEnded}, {@code millis} (how long the call took), {@code left} and
 * {@code zombies} (the processes and zombies of the namespace besides the JVM, read at
 * once after the call returned and the JDK reaped its own child; after {@code DELETE},
 * once the process-tree monitor, scanning every 200 ms, has reaped what Chromium's
 * start-up left to the JVM, with {@code atOnce} beside).
 */
public final class RealProgramsHttpMain {

	private RealProgramsHttpMain() {
	}

	public static void main(String[] args) throws Exception {
		long self = ProcessHandle.current().pid();
		System.out.println("pid: " + self);
		if (self != 1) {
			System.exit(2);
		}
		Path temp = Files.createTempDirectory("childproc-real-programs-http");
		try {
			SpringApplication application = new SpringApplication(ChildrenTestApplication.class);
			application.setDefaultProperties(Map.of("server.port", "0", "management.endpoints.web.exposure.include",
					"children", "management.endpoint.children.access", "unrestricted",
					"childproc.terminate.grace-period", "2s", "childproc.shutdown.grace-period", "2s",
					"childproc.zombies.scan-interval", "200ms", "spring.main.banner-mode", "off"));
			ConfigurableApplicationContext context = application.run();
			ProcessLauncher launcher = context.getBean(ProcessLauncher.class);
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
			List<String> chromium = RealPrograms.chromium().orElseThrow();

			ChildProcess browser = startChromium(launcher, chromium, Files.createDirectory(temp.resolve("delete")));
			int tree = RealPrograms.awaitChromiumUp(browser.pid(), temp.resolve("delete").resolve("stderr"),
					Duration.ofSeconds(30));
			List<Proc> processes = Proc.descendants(self);
			long began = System.nanoTime();
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/children/" + browser.pid()))
					.DELETE()
					.build(), HttpResponse.BodyHandlers.ofString());
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			boolean treeEnded = processes.stream().allMatch(Proc::endedNow);
			browser.process().waitFor();
			String atOnce = left(self).replace(' ', ',');
			// A helper adopted while it ran, with no readable mark, is the monitor's to
			// reap.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!left(self).startsWith("left=0 ") && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			System.out.println("RESULT delete tree=" + tree + " status=" + answer.statusCode() + " body="
					+ answer.body().replace(' ', '_') + " treeEnded=" + treeEnded + " millis=" + millis + " "
					+ left(self) + " atOnce:" + atOnce);

			ChildProcess lasting = startChromium(launcher, chromium, Files.createDirectory(temp.resolve("close")));
			tree = RealPrograms.awaitChromiumUp(lasting.pid(), temp.resolve("close").resolve("stderr"),
					Duration.ofSeconds(30));
			began = System.nanoTime();
			context.close();
			millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			lasting.process().waitFor();
			System.out.println("RESULT context-close tree=" + tree + " millis=" + millis + " " + left(self));
		}
		finally {
			RealPrograms.deleteQuietly(temp);
		}
		System.exit(0);
	}

	private static ChildProcess startChromium(ProcessLauncher launcher, List<String> chromium, Path profile)
			throws Exception {
		return launcher.start("chromium",
				new ProcessBuilder(RealPrograms.lastingChromium(chromium, profile))
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(profile.resolve("stderr").toFile()));
	}

	private static String left(long self) {
		List<Proc> left = Proc.all().stream().filter((process) -> process.pid() != self).toList();
		long zombies = left.stream().filter(Proc::hasEnded).count();
		List<String> names = left.stream()
			.map((process) -> process.pid() + ":" + process.name() + ":" + process.state() + ":" + process.ppid())
			.toList();
		return "left=" + left.size() + " zombies=" + zombies + " list=" + String.join(",", names);
	}

}
