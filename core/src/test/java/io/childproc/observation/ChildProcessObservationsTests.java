package io.childproc.observation;

import java.io.IOException;
import java.time.Duration;

import io.childproc.ChildProcess;
import io.childproc.ChildState;
import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.StartOptions;
import io.childproc.metrics.BoundedNameTags;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildProcessObservations} with a {@link TestObservationRegistry} and
 * real children.
 */
class ChildProcessObservationsTests {

	private final DefaultProcessLauncher launcher = new DefaultProcessLauncher(
			LauncherSettings.defaults().withReapInterval(Duration.ZERO).withShutdownGracePeriod(Duration.ZERO));

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@AfterEach
	void closeLauncher() {
		this.launcher.close();
	}

	@Test
	void observesEachChildFromStartToExitWithNameOutcomeAndPid() throws Exception {
		ChildProcessObservations.observe(this.launcher, this.registry, new BoundedNameTags(), "processLauncher", null);
		ChildProcess child = startWaiting("transcode", 3);
		assertThat(this.registry).hasObservationWithNameEqualTo("process.children.duration")
			.that()
			.hasBeenStarted()
			.isNotStopped();
		release(child);
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("process.children.duration")
			.hasContextualNameEqualTo("child-process transcode")
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("name", "transcode")
			.hasLowCardinalityKeyValue("outcome", "FAILURE")
			.hasLowCardinalityKeyValue("launcher", "processLauncher")
			.hasHighCardinalityKeyValue("pid", Long.toString(child.pid()))
			.doesNotHaveError();
	}

	@Test
	void reportsAChildEndedByItsTimeoutAsTimeout() throws Exception {
		ChildProcessObservations.observe(this.launcher, this.registry, new BoundedNameTags(), null, null);
		ChildProcess child = this.launcher.start(new ProcessBuilder("sleep", "60"),
				StartOptions.named("slow").withTimeout(Duration.ofMillis(100)));
		await().atMost(Duration.ofSeconds(20)).until(() -> child.state() == ChildState.EXITED);
		assertThat(this.registry).hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "TIMEOUT")
			.doesNotHaveLowCardinalityKeyValueWithKey("launcher");
	}

	@Test
	void makesTheCurrentObservationOfTheStartingThreadTheParent() throws Exception {
		ChildProcessObservations.observe(this.launcher, this.registry, new BoundedNameTags(), null, null);
		Observation request = Observation.start("http.server.requests", this.registry);
		ChildProcess child;
		try (Observation.Scope scope = request.openScope()) {
			child = startWaiting("inside", 0);
		}
		ChildProcess outside = startWaiting("outside", 0);
		release(child);
		release(outside);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> child.state() == ChildState.EXITED && outside.state() == ChildState.EXITED);
		request.stop();
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("name", "inside")
				.hasParentObservationEqualTo(request));
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("name", "outside")
				.doesNotHaveParentObservation());
	}

	@Test
	void usesTheConventionItIsGiven() throws Exception {
		ChildProcessObservationConvention custom = new DefaultChildProcessObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ChildProcessObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "media");
			}

		};
		ChildProcessObservations.observe(this.launcher, this.registry, new BoundedNameTags(), null, custom);
		ChildProcess child = startWaiting("quick", 0);
		release(child);
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("team", "media")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS");
	}

	@Test
	void boundsTheNameKey() throws Exception {
		ChildProcessObservations.observe(this.launcher, this.registry, new BoundedNameTags(1), null, null);
		ChildProcess first = startWaiting("first", 0);
		ChildProcess second = startWaiting("second", 0);
		release(first);
		release(second);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> first.state() == ChildState.EXITED && second.state() == ChildState.EXITED);
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("name", "first"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("name", "OTHER"));
	}

	@Test
	void stopsObservingOnceClosed() throws Exception {
		ChildProcessObservations observations = ChildProcessObservations.observe(this.launcher, this.registry,
				new BoundedNameTags(), null, null);
		observations.close();
		ChildProcess child = startWaiting("quick", 0);
		release(child);
		await().atMost(Duration.ofSeconds(10)).until(() -> child.state() == ChildState.EXITED);
		assertThat(this.registry).doesNotHaveAnyObservation();
	}

	private ChildProcess startWaiting(String name, int exitCode) throws IOException {
		return this.launcher.start(new ProcessBuilder("sh", "-c", "read line; exit " + exitCode),
				StartOptions.named(name));
	}

	private static void release(ChildProcess child) throws IOException {
		child.process().getOutputStream().close();
	}

}
