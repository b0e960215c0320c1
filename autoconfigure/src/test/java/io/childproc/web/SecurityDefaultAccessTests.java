package io.childproc.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.StartOptions;
import io.childproc.testsupport.Processes;
import io.childproc.internal.tree.EscapedProcess;
import io.childproc.internal.tree.ProcessTreeSnapshot;
import io.childproc.internal.tree.ZombieProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * What an HTTP caller gets with the endpoint's defaults: reads only (reap and terminate
 * refused with 405, nothing signalled), every argument masked wherever a command line
 * appears (children, descendants, recent exits, zombie parents, escaped processes), and
 * never an environment variable. Shares the Spring context of
 * {@link ProcessTreeWebTests}, so that the real process tree monitor feeds the endpoint.
 */
@AutoConfigureMetrics
@TestPropertySource(properties = { "childproc.zombies.scan-interval=1s", "childproc.health.max-zombies=0" })
class SecurityDefaultAccessTests extends AbstractChildrenWebTests {

	private static final String SECRET_ENV_NAME = "CHILDPROC_TEST_SECRET";

	private static final String SECRET_ENV_VALUE = "env-s3cret-value";

	@BeforeEach
	void onLinux() {
		Processes.assumeLinux();
	}

	@Test
	void everyCommandLineIsMaskedAndNoEnvironmentIsShown() throws Exception {
		ChildProcess worker = start("worker", "sh", "-c", "sleep 60; true", "worker", "--password=s3cret-arg");
		ChildProcess zombieParent = start("careless", "sh", "-c", "sleep 0 & exec sleep 60.0424242");
		ChildProcess escaping = start("escaping", "sh", "-c", "setsid -f sleep 61.0535353; exec sleep 60");
		ChildProcess exited = start("job", "sh", "-c", "exit 0", "job", "--password=s3cret-exit");
		await().atMost(Duration.ofSeconds(10)).until(() -> exited.state() == ChildState.EXITED);
		this.launcher.reap();
		awaitScanned(worker);
		ProcessTreeSnapshot snapshot = await().atMost(Duration.ofSeconds(10))
			.until(this.monitor::scan, (scanned) -> scanned.zombieCount() >= 1 && !scanned.escaped().isEmpty());
		assertThat(snapshot.zombies()).anyMatch((zombie) -> zombie.ppid() == zombieParent.pid());

		String masked = "******";
		String workerPath = "$.children[?(@.pid == " + worker.pid() + ")]";
		String exitPath = "$.recentExits[?(@.pid == " + exited.pid() + ")]";
		String zombiePath = "$.zombieProcesses[?(@.ppid == " + zombieParent.pid() + ")]";
		String escapedPath = "$.escaped[?(@.childPid == " + escaping.pid() + ")]";
		getOk("/actuator/children").jsonPath(workerPath + ".command")
			.isEqualTo(List.of(List.of("sh", masked, masked, masked, masked)))
			.jsonPath(workerPath + ".descendants[0].command[1]")
			.isEqualTo(List.of(masked))
			.jsonPath(exitPath + ".command")
			.isEqualTo(List.of(List.of("sh", masked, masked, masked, masked)))
			.jsonPath(zombiePath + ".parentCommand")
			.isEqualTo(List.of(List.of(program("sleep"), masked)))
			.jsonPath(escapedPath + ".command")
			.isEqualTo(List.of(List.of(program("sleep"), masked)));
		String body = get("/actuator/children");
		String one = get("/actuator/children/" + worker.pid());
		String reaped = get("/actuator/children/" + exited.pid());
		for (String json : List.of(body, one, reaped)) {
			assertThat(json).doesNotContain("s3cret", "0424242", "0535353", "sleep 60", SECRET_ENV_VALUE,
					SECRET_ENV_NAME, DefaultProcessLauncher.OWNER_VARIABLE, DefaultProcessLauncher.CHILD_VARIABLE,
					this.launcherOwnerId(), "environ");
		}
		assertThat(one).contains("\"command\":[\"sh\",\"******\",\"******\",\"******\",\"******\"]");
		assertThat(reaped).contains("\"command\":[\"sh\",\"******\",\"******\",\"******\",\"******\"]");
	}

	@Test
	void processTitleRewrittenToCarryArgumentsShowsNowhereNotForTheZombieNorItsParent() throws Exception {
		assumeThat(Path.of("/usr/bin/perl")).as("perl rewrites its title with $0=").isExecutable();
		ChildProcess supervisor = start("supervisor", "sh", "-c",
				"exec perl -e '$0=\"supervisor \".join(\" \",@ARGV); fork||exit; sleep 60' -- --password=hunter2");
		ProcessTreeSnapshot snapshot = awaitScanListing(supervisor, ProcessTreeSnapshot::zombies,
				ZombieProcess::childPid);
		assertThat(snapshot.descendant(supervisor.pid()).command()).as("the title the test means to hide")
			.anyMatch((element) -> element.contains("hunter2"));
		String zombiePath = "$.zombieProcesses[?(@.childPid == " + supervisor.pid() + ")]";
		getOk("/actuator/children").jsonPath(zombiePath + ".command")
			.isEqualTo(List.of("******"))
			.jsonPath(zombiePath + ".parentCommand")
			.isEqualTo(List.of(List.of(program("perl"))));
		for (String json : List.of(get("/actuator/children"), get("/actuator/children/" + supervisor.pid()))) {
			assertThat(json).contains("\"pid\":" + supervisor.pid()).doesNotContain("hunter2", "--pa", "supervisor --");
		}
	}

	@Test
	void argumentsPosingAsTheProgramOfAnEscapedProcessAreNotShown() throws Exception {
		ChildProcess escaping = start("escaping", "sh", "-c",
				"setsid -f bash -c 'exec -a \"sync-tool --api-key=k3y\" sleep 62'; exec sleep 60");
		ProcessTreeSnapshot snapshot = awaitScanListing(escaping, ProcessTreeSnapshot::escaped,
				EscapedProcess::childPid);
		assertThat(snapshot.escaped())
			.anySatisfy((escaped) -> assertThat(escaped.process().command()).contains("sync-tool --api-key=k3y"));
		String json = get("/actuator/children");
		assertThat(json).contains("\"childPid\":" + escaping.pid()).doesNotContain("k3y", "api-key", "sync-tool");
		getOk("/actuator/children").jsonPath("$.escaped[?(@.childPid == " + escaping.pid() + ")].command")
			.isEqualTo(List.of(List.of(program("sleep"), "******")));
	}

	@Test
	void reapAndTerminateAreRefusedWith405AndNothingIsSignalledOrReaped() throws Exception {
		ChildProcess worker = startWorker();
		ChildProcess exited = startExited(0);
		this.client.post().uri("/actuator/children").exchange().expectStatus().isEqualTo(405);
		this.client.delete().uri("/actuator/children/" + worker.pid()).exchange().expectStatus().isEqualTo(405);
		this.client.delete().uri("/actuator/children/" + exited.pid()).exchange().expectStatus().isEqualTo(405);
		this.client.delete().uri("/actuator/children/1").exchange().expectStatus().isEqualTo(405);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> worker.process().isAlive());
		assertThat(worker.state()).isEqualTo(ChildState.RUNNING);
		assertThat(exited.state()).isEqualTo(ChildState.EXITED);
		assertThat(this.launcher.counts().unreaped()).isEqualTo(1);
	}

	private ChildProcess start(String name, String... command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put(SECRET_ENV_NAME, SECRET_ENV_VALUE);
		return this.launcher.start(builder, StartOptions.named(name));
	}

	private String launcherOwnerId() {
		return ((DefaultProcessLauncher) this.launcher).ownerId();
	}

	/**
	 * Scans until a scan lists, in the given list, a process of the child's tree, and
	 * returns that scan.
	 */
	private <T> ProcessTreeSnapshot awaitScanListing(ChildProcess child, Function<ProcessTreeSnapshot, List<T>> list,
			ToLongFunction<T> childPid) {
		return await().atMost(Duration.ofSeconds(15))
			.until(this.monitor::scan,
					(scanned) -> list.apply(scanned)
						.stream()
						.anyMatch((shown) -> childPid.applyAsLong(shown) == child.pid()));
	}

}
