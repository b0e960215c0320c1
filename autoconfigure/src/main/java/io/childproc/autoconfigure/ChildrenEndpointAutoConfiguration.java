package io.childproc.autoconfigure;

import io.childproc.ProcessLauncher;
import io.childproc.actuate.ChildrenEndpoint;
import io.childproc.actuate.ChildrenEndpointContributor;
import io.childproc.actuate.ChildrenEndpointWebExtension;
import io.childproc.internal.tree.ProcessTreeMonitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link ChildrenEndpoint} when the actuator is present and the
 * endpoint is available ({@code management.endpoint.children.access} and the exposure).
 * Every {@link SanitizingFunction} and {@link ChildrenEndpointContributor} bean applies;
 * the {@link ProcessTreeMonitor}, when there is one, feeds its descendants, zombies and
 * escaped processes. The endpoint shows one launcher: with several
 * {@link ProcessLauncher} beans, the {@code @Primary} one, and no endpoint when none is
 * primary. Off with {@code childproc.enabled=false}.
 */
@AutoConfiguration(after = ChildProcessAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "childproc.enabled", matchIfMissing = true)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(ProcessLauncher.class)
@EnableConfigurationProperties({ ChildProcessProperties.class, ChildrenEndpointProperties.class })
public final class ChildrenEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ChildrenEndpoint childrenEndpoint(ProcessLauncher launcher, ChildProcessProperties properties,
			ChildrenEndpointProperties endpointProperties, ObjectProvider<SanitizingFunction> sanitizingFunctions,
			ObjectProvider<ChildrenEndpointContributor> contributors, ObjectProvider<ProcessTreeMonitor> monitor) {
		return new ChildrenEndpoint(launcher, sanitizingFunctions.orderedStream().toList(),
				endpointProperties.getShowValues(), endpointProperties.getRoles(),
				properties.getTerminate().getGracePeriod(), contributors.orderedStream().toList(),
				monitor.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ChildrenEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ChildrenEndpointWebExtension childrenEndpointWebExtension(ChildrenEndpoint endpoint) {
		return new ChildrenEndpointWebExtension(endpoint);
	}

}
