package io.childproc.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.ProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.internal.linux.LinuxProcessTable;
import io.childproc.internal.tree.ProcessTreeMonitor;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec;
import org.springframework.test.web.servlet.client.RestTestClient.RequestHeadersSpec;

import static org.awaitility.Awaitility.await;

/**
 * Shares the web application of the HTTP tests and ends every child each test started.
 * Subclasses with the same properties share one Spring context.
 */
@SpringBootTest(classes = ChildrenTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=children,health,prometheus",
				"management.endpoint.health.show-details=always", "childproc.reap.interval=0",
				"childproc.terminate.grace-period=2s" })
@AutoConfigureRestTestClient
abstract class AbstractChildrenWebTests {

	/**
	 * A shell that stays the parent of a {@code sleep}, with arguments a user would not
	 * want to show.
	 */
	static final List<String> WORKER = List.of("sh", "-c", "sleep 60; true", "worker", "--token=abc123",
			"plain-argument");

	@Autowired
	ProcessLauncher launcher;

	@Autowired
	RestTestClient client;

	@Autowired
	ProcessTreeMonitor monitor;

	@AfterEach
	void endEveryChild() {
		for (ChildProcess child : this.launcher.children()) {
			child.terminate(Duration.ZERO);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.launcher.children().stream().allMatch((child) -> child.state() != ChildState.RUNNING));
		this.launcher.reap();
		// What escaped the children's trees still carries the launcher's mark.
		LinuxProcessTable.system()
			.findByEnvironment(DefaultProcessLauncher.OWNER_VARIABLE,
					((DefaultProcessLauncher) this.launcher).ownerId(), null)
			.forEach((marked) -> ProcessHandle.of(marked.process().pid()).ifPresent(ProcessHandle::destroyForcibly));
	}

	/**
	 * Returns the real path of a program in {@code PATH}, as {@code /proc/<pid>/exe}
	 * shows it.
	 */
	static String program(String name) {
		for (String directory : System.getenv("PATH").split(":")) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				try {
					return candidate.toRealPath().toString();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		throw new IllegalStateException(name + " is not in PATH");
	}

	ChildProcess startWorker() throws IOException {
		ChildProcess worker = this.launcher.start(new ProcessBuilder(WORKER), StartOptions.named("worker"));
		awaitScanned(worker);
		return worker;
	}

	/**
	 * Waits until a scan of the process tree, which the endpoint shows, has seen the
	 * child's first descendant; scans now rather than waiting for the background scan.
	 */
	void awaitScanned(ChildProcess child) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.monitor.scan().descendantsOf(child.pid()).isEmpty());
	}

	ChildProcess startExited(int exitCode) throws IOException {
		ChildProcess child = this.launcher.start(new ProcessBuilder("sh", "-c", "exit " + exitCode),
				StartOptions.named("quick"));
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		return child;
	}

	/**
	 * Starts a child that exits with the given code once {@link #release(ChildProcess)
	 * released}, so that several children can exit with no start (which reaps) in
	 * between.
	 */
	ChildProcess startWaiting(String name, int exitCode) throws IOException {
		return this.launcher.start(new ProcessBuilder("sh", "-c", "read line; exit " + exitCode),
				StartOptions.named(name));
	}

	void release(ChildProcess child) throws IOException {
		child.process().getOutputStream().close();
	}

	/**
	 * Checks the command the endpoint shows for a {@link #startWorker() worker} and the
	 * argument of its {@code sleep}.
	 */
	void assertCommandShown(ChildProcess worker, List<String> command, String sleepArgument) {
		getOk("/actuator/children/" + worker.pid()).jsonPath("$.command")
			.isEqualTo(command)
			.jsonPath("$.descendants[0].command[1]")
			.isEqualTo(sleepArgument);
	}

	/**
	 * Sends a request, expects 200 and returns the body to check.
	 */
	static BodyContentSpec ok(RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody();
	}

	/**
	 * Sends a GET, expects 200 and returns the body to check.
	 */
	BodyContentSpec getOk(String path) {
		return ok(this.client.get().uri(path));
	}

	/**
	 * Sends a GET, expects 200 and returns the body as text.
	 */
	String get(String path) {
		return text(this.client.get().uri(path));
	}

	/**
	 * Scrapes the Prometheus endpoint, expects 200 and returns the scrape.
	 */
	String scrape() {
		return text(this.client.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN));
	}

	/**
	 * Scrapes the Prometheus endpoint and returns the value of a meter without tags.
	 */
	double untaggedSample(String name) {
		String scrape = scrape();
		for (String line : scrape.split("\n")) {
			if (line.startsWith(name + " ")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError("No " + name + " sample in the scrape:\n" + scrape);
	}

	private static String text(RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	/**
	 * Starts a child whose output the launcher captures, that writes to standard error
	 * and fails, and reaps it.
	 */
	void startFailedWithStderr() throws IOException {
		ChildProcess child = this.launcher.start(
				new ProcessBuilder("sh", "-c", "echo 'cannot open input.mp4: token=abc123' >&2; exit 1"),
				StartOptions.named("failing").withOutput(ChildOutput.capture(1024)));
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		this.launcher.reap();
	}

	/**
	 * {@link #startFailedWithStderr() Starts a failed child} and checks the standard
	 * error tail that the endpoint shows of its exit.
	 */
	void assertFailedChildsStderrTailShownAs(String tail) throws IOException {
		startFailedWithStderr();
		getOk("/actuator/children").jsonPath("$.recentExits[0].name")
			.isEqualTo("failing")
			.jsonPath("$.recentExits[0].stderrTail")
			.isEqualTo(tail);
	}

}
