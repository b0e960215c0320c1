package io.childproc.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.childproc.DefaultProcessLauncher;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.actuate.ChildrenEndpoint.ChildrenDescriptor;
import io.childproc.health.ChildrenHealthIndicator;
import io.childproc.internal.linux.ProcessInfo;
import io.childproc.internal.tree.LeftoversMain;
import io.childproc.internal.tree.ProcessTreeMonitor;
import io.childproc.internal.tree.ProcessTreeTerminator;
import io.childproc.testsupport.Processes;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.childproc.autoconfigure.StartUp.launcherSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a Spring Boot application finds, shows and (when asked) ends what the killed
 * JVM of its earlier run left behind: the first run is a real JVM killed with SIGKILL,
 * the second the application context started here with the same
 * {@code spring.application.name}.
 */
class LeftoversAutoConfigurationTests {

	private final String application = "leftovers-boot-" + UUID.randomUUID();

	private final ApplicationContextRunner contextRunner = StartUp
		.childprocWithMetrics(ChildProcessTreeAutoConfiguration.class, ChildrenHealthAutoConfiguration.class,
				HealthContributorAutoConfiguration.class)
		.withPropertyValues("spring.application.name=" + this.application, "childproc.zombies.scan-interval=0",
				"childproc.terminate.grace-period=2s");

	private final List<ProcessInfo> made = new ArrayList<>();

	private LeftoversMain.FirstRun firstRun;

	@AfterEach
	void endEverything() throws InterruptedException {
		if (this.firstRun != null) {
			this.firstRun.jvm().destroyForcibly();
		}
		new ProcessTreeTerminator(Processes.table).terminate(this.made, Duration.ZERO);
		await().atMost(Duration.ofSeconds(20)).until(() -> Processes.allEnded(this.made));
	}

	@Test
	void childrenAreMarkedWithTheApplicationNameAndInstanceGroup() {
		this.contextRunner.withPropertyValues("childproc.instance-group=blue")
			.run((context) -> assertThat(launcherSettings(context).applicationId())
				.isEqualTo(this.application + "/blue"));
	}

	@Test
	void withoutAnApplicationNameTheIdIsTheMainWithTheWorkingDirectory() {
		StartUp.childproc()
			.run((context) -> assertThat(launcherSettings(context).applicationId())
				.endsWith("@" + System.getProperty("user.dir"))
				.doesNotStartWith("@"));
	}

	@Test
	void theLeftoversOfAKilledRunAreShownByTheGaugeTheEndpointMaskedAndTheHealthDetailsWithoutDown() throws Exception {
		Processes.assumeLinux();
		killFirstRun();
		this.contextRunner.run((context) -> {
			ProcessTreeMonitor monitor = context.getBean(ProcessTreeMonitor.class);
			assertThat(monitor.leftoverCount()).isEqualTo(3);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("process.children.leftovers").gauge().value()).isEqualTo(3);
			ChildrenEndpoint endpoint = new ChildrenEndpoint(context.getBean(DefaultProcessLauncher.class), List.of(),
					Show.NEVER, Set.of(), Duration.ZERO, List.of(), monitor);
			ChildrenDescriptor children = endpoint.children(SecurityContext.NONE);
			List<?> leftovers = (List<?>) children.contributed().get("leftovers");
			assertThat(leftovers).extracting("pid")
				.containsExactlyInAnyOrderElementsOf(this.made.stream().map(ProcessInfo::pid).toList());
			assertThat(leftovers).extracting("jvmPid").containsOnly(this.firstRun.jvm().pid());
			// The arguments (311, 312) are masked.
			assertThat(leftovers).extracting("command")
				.allSatisfy((command) -> assertThat(command.toString()).doesNotContain("311").doesNotContain("312"));
			var health = context.getBean(ChildrenHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("leftovers", 3);
		});
		assertThat(this.made).as("only reported by default").noneMatch(Processes::hasEnded);
	}

	@Test
	void withLeftoversEndTheStartEndsThem() throws Exception {
		Processes.assumeLinux();
		killFirstRun();
		this.contextRunner.withPropertyValues("childproc.leftovers.end=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ProcessTreeMonitor.class).leftoverCount()).isZero();
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> Processes.allEnded(this.made));
	}

	@Test
	void aLiveInstanceOfTheSameApplicationIsLeftAlone() throws Exception {
		Processes.assumeLinux();
		startFirstRun();
		this.contextRunner.withPropertyValues("childproc.leftovers.end=true")
			.run((context) -> assertThat(context.getBean(ProcessTreeMonitor.class).leftoverCount()).isZero());
		assertThat(this.made).noneMatch(Processes::hasEnded);
	}

	private void killFirstRun() throws Exception {
		startFirstRun();
		this.firstRun.kill();
		assertThat(this.made).noneMatch(Processes::hasEnded);
	}

	/** Starts the first run outside this JVM's tree, as another instance would run. */
	private void startFirstRun() throws IOException {
		this.firstRun = LeftoversMain.startDetached(this.application);
		this.made.addAll(this.firstRun.made());
	}

}
