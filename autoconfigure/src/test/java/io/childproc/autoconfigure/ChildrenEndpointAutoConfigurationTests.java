package io.childproc.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.childproc.DefaultProcessLauncher;
import io.childproc.LauncherSettings;
import io.childproc.ProcessLauncher;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.actuate.ChildrenEndpointWebExtension;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static io.childproc.autoconfigure.StartUp.whileASleepRuns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildrenEndpointAutoConfiguration}.
 */
class ChildrenEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = StartUp.childproc(ChildrenEndpointAutoConfiguration.class);

	/** The runner with the endpoint exposed over the web. */
	private final ApplicationContextRunner exposed = this.contextRunner
		.withPropertyValues("management.endpoints.web.exposure.include=children");

	@Test
	void endpointIsAvailableOnceExposed() {
		this.exposed.run((context) -> assertThat(context).hasSingleBean(ChildrenEndpoint.class)
			.hasSingleBean(ChildrenEndpointWebExtension.class));
	}

	@Test
	void endpointIsNotAvailableWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ChildrenEndpoint.class)
			.doesNotHaveBean(ChildrenEndpointWebExtension.class));
	}

	@Test
	void endpointIsNotAvailableWhenItsAccessIsNone() {
		this.exposed.withPropertyValues("management.endpoint.children.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ChildrenEndpoint.class));
	}

	@Test
	void webExtensionIsNotCreatedWhenOnlyExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=children")
			.run((context) -> assertThat(context).hasSingleBean(ChildrenEndpoint.class)
				.doesNotHaveBean(ChildrenEndpointWebExtension.class));
	}

	@Test
	void endpointMasksArgumentsByDefault() {
		this.exposed.run((context) -> assertThat(context.getBean(ChildrenEndpointProperties.class).getShowValues())
			.isEqualTo(Show.NEVER));
	}

	@Test
	void endpointShowsArgumentsWhenConfiguredTo() {
		this.exposed
			.withPropertyValues("management.endpoint.children.show-values=ALWAYS",
					"management.endpoint.children.roles=OPS")
			.run((context) -> {
				ChildrenEndpointProperties properties = context.getBean(ChildrenEndpointProperties.class);
				assertThat(properties.getShowValues()).isEqualTo(Show.ALWAYS);
				assertThat(properties.getRoles()).containsExactly("OPS");
				whileASleepRuns(context.getBean(ProcessLauncher.class),
						(running) -> assertThat(
								context.getBean(ChildrenEndpoint.class).children(SecurityContext.NONE).children())
							.singleElement()
							.satisfies((child) -> assertThat(child.command()).containsExactly("sleep", "60")));
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnEndpoint() {
		this.exposed.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ChildrenEndpoint.class).hasBean("userEndpoint"));
	}

	@Test
	void backsOffWithoutTheActuator() {
		this.exposed.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate."))
			.run((context) -> assertThat(context).doesNotHaveBean(ChildrenEndpoint.class)
				.hasSingleBean(ProcessLauncher.class));
	}

	@Test
	void showsThePrimaryLauncherWhenThereAreSeveral() {
		this.exposed.withUserConfiguration(TwoLaunchersConfiguration.class, PrimaryLauncherConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ChildrenEndpoint.class);
				whileASleepRuns(context.getBean("primaryLauncher", ProcessLauncher.class),
						(child) -> assertThat(
								context.getBean(ChildrenEndpoint.class).children(SecurityContext.NONE).children())
							.singleElement()
							.satisfies((shown) -> assertThat(shown.pid()).isEqualTo(child.pid())));
			});
	}

	@Test
	void backsOffWithoutFailingWhenThereAreSeveralLaunchersAndNoneIsPrimary() {
		this.exposed.withUserConfiguration(TwoLaunchersConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ChildrenEndpoint.class));
	}

	@Test
	void isOffWhenChildprocIsDisabledAlsoAroundTheApplicationsOwnLauncher() {
		this.exposed.withPropertyValues("childproc.enabled=false")
			.withUserConfiguration(PrimaryLauncherConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ProcessLauncher.class)
				.doesNotHaveBean(ChildrenEndpoint.class)
				.doesNotHaveBean(ChildrenEndpointWebExtension.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryLauncherConfiguration {

		@Bean(destroyMethod = "close")
		@Primary
		DefaultProcessLauncher primaryLauncher() {
			return new DefaultProcessLauncher(LauncherSettings.defaults().withShutdownGracePeriod(Duration.ZERO));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		ChildrenEndpoint userEndpoint(ProcessLauncher launcher) {
			return new ChildrenEndpoint(launcher, List.of(), Show.ALWAYS, Set.of(), Duration.ZERO, List.of());
		}

	}

}
