package io.childproc.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.childproc.ChildOutput;
import io.childproc.ChildProcess;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.childproc.autoconfigure.StartUp.launcherSettings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code childproc.output.*} properties, bound by Spring and applied to real
 * children.
 */
class ChildOutputPropertiesTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc()
		.withPropertyValues("childproc.shutdown.grace-period=1s");

	@Test
	void childrenStartedWithoutAnOutputAreLeftToTheCallerByDefault() {
		this.contextRunner.run((context) -> {
			LauncherSettings settings = launcherSettings(context);
			assertThat(settings.output().defaultOutput()).isEqualTo(ChildOutput.pipe());
			assertThat(settings.output().failureTail()).isEqualTo(2048);
		});
	}

	@Test
	void captureWithACaptureSizeAppliesToChildrenStartedWithoutAnOutput() {
		this.contextRunner
			.withPropertyValues("childproc.output.default=capture", "childproc.output.capture-size=4B",
					"childproc.output.failure-tail=1KB")
			.run((context) -> {
				LauncherSettings settings = launcherSettings(context);
				assertThat(settings.output().defaultOutput()).isEqualTo(ChildOutput.capture(4));
				assertThat(settings.output().failureTail()).isEqualTo(1024);
				ChildProcess child = context.getBean(ProcessLauncher.class).start("sh", "-c", "printf 123456");
				child.onExit().get(30, TimeUnit.SECONDS);
				assertThat(child.output().stdout()).isEqualTo("3456");
				assertThat(child.output().truncated()).isTrue();
			});
	}

	@Test
	void logAndDiscardAreBound() {
		this.contextRunner.withPropertyValues("childproc.output.default=log")
			.run((context) -> assertThat(launcherSettings(context).output().defaultOutput())
				.isEqualTo(ChildOutput.log()));
		this.contextRunner.withPropertyValues("childproc.output.default=discard")
			.run((context) -> assertThat(launcherSettings(context).output().defaultOutput())
				.isEqualTo(ChildOutput.discard()));
	}

	@Test
	void badSizesFailStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("childproc.output.capture-size=0B")
			.run(StartUp.failsWithMessageContaining("childproc.output.capture-size must be 1B to 256MB, was 0B"));
		this.contextRunner.withPropertyValues("childproc.output.failure-tail=1MB")
			.run(StartUp.failsWithMessageContaining("childproc.output.failure-tail must be 0B to 64KB, was 1048576B"));
		this.contextRunner.withPropertyValues("childproc.output.default=tee")
			.run(StartUp.failsToBind("childproc.output.default"));
	}

}
