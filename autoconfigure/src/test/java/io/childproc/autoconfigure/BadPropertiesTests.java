package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.childproc.testsupport.Descendants;
import io.childproc.testsupport.Leftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each negative, too small, too large or unreadable {@code childproc.*} value fails
 * start-up with a message that names the property, and leaves no launcher thread, no
 * process and no background task behind.
 */
class BadPropertiesTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc(ChildProcessTreeAutoConfiguration.class,
			ChildrenHealthAutoConfiguration.class);

	@AfterEach
	void nothingLeftBehind() {
		Descendants.assertNoneLeft(Duration.ofSeconds(10));
	}

	static Stream<Arguments> badProperties() {
		String reapHint = " (0 turns the background reap off)";
		String scanHint = " (0 turns the scan off)";
		return Stream.of(
				message("childproc.reap.interval=-1s",
						"childproc.reap.interval must not be negative, was PT-1S" + reapHint),
				message("childproc.reap.interval=1ns",
						"childproc.reap.interval must be 0 or at least 10 ms, was "
								+ "PT0.000000001S; a shorter interval keeps a thread busy" + reapHint),
				message("childproc.reap.interval=400000d",
						"childproc.reap.interval must be at most 365 days, was PT9600000H" + reapHint),
				binding("childproc.reap.interval=soon", "childproc.reap.interval", "java.time.Duration"),
				message("childproc.shutdown.grace-period=-1s",
						"childproc.shutdown.grace-period must not be negative, was PT-1S (0 kills at once)"),
				message("childproc.shutdown.grace-period=1000d",
						"childproc.shutdown.grace-period must be at most 365 days, was PT24000H (0 kills at once)"),
				message("childproc.terminate.grace-period=-5ms",
						"childproc.terminate.grace-period must not be negative, was PT-0.005S (0 kills at once)"),
				message("childproc.terminate.grace-period=100000000d",
						"childproc.terminate.grace-period must be at most 365 days, was PT2400000000H (0 kills at once)"),
				message("childproc.history.size=-1",
						"childproc.history.size must be 0 to 100000, was -1 (each record "
								+ "holds a command line: use the meters for longer history)"),
				message("childproc.history.size=1000000000",
						"childproc.history.size must be 0 to 100000, was "
								+ "1000000000 (each record holds a command line: use the meters for longer history)"),
				binding("childproc.history.size=3000000000", "childproc.history.size", "int"),
				message("childproc.max-live=-1", "childproc.max-live must be 0 (no limit) or more, was -1"),
				message("childproc.instance-group=a/b",
						"childproc.instance-group must be 1 to 100 letters, digits, " + "'.', '_' or '-', was 'a/b'"),
				binding("childproc.max-live=many", "childproc.max-live", "int"),
				message("childproc.zombies.scan-interval=-1s",
						"childproc.zombies.scan-interval must not be negative, was PT-1S" + scanHint),
				message("childproc.zombies.scan-interval=1ms",
						"childproc.zombies.scan-interval must be 0 or at "
								+ "least 10 ms, was PT0.001S; a shorter interval keeps a thread busy" + scanHint),
				message("childproc.zombies.scan-interval=1000d",
						"childproc.zombies.scan-interval must be at most 365 days, was PT24000H" + scanHint),
				message("childproc.health.max-zombies=-1", "childproc.health.max-zombies must be 0 or more, was -1"),
				message("childproc.health.max-unreaped-age=0s",
						"childproc.health.max-unreaped-age must be positive, "
								+ "was PT0S (leave it unset for 3 reap intervals)"),
				message("childproc.health.max-unreaped-age=-1m",
						"childproc.health.max-unreaped-age must be "
								+ "positive, was PT-1M (leave it unset for 3 reap intervals)"),
				message("childproc.health.max-unreaped-age=1000d", "childproc.health.max-unreaped-age must be at most "
						+ "365 days, was PT24000H (leave it unset for 3 reap intervals)"));
	}

	private static Arguments message(String property, String message) {
		return Arguments.of(property, message, null);
	}

	/**
	 * A value that cannot even be converted: the binder names the property and the type.
	 */
	private static Arguments binding(String property, String name, String type) {
		return Arguments.of(property, null, "Failed to bind properties under '" + name + "' to " + type);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badProperties")
	void badValueFailsStartUpNamingThePropertyAndLeavesNothingBehind(String property, String rootMessage,
			String bindingMessage) {
		List<String> threadsBefore = childprocThreads();
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			if (rootMessage != null) {
				assertThat(context).getFailure().rootCause().hasMessage(rootMessage);
			}
			else {
				assertThat(messagesOf(context.getStartupFailure()))
					.anyMatch((message) -> message.startsWith(bindingMessage));
			}
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(childprocThreads()).isSubsetOf(threadsBefore));
	}

	private static List<String> messagesOf(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

	private static List<String> childprocThreads() {
		return Leftovers.names(Leftovers.launcherThreads());
	}

}
