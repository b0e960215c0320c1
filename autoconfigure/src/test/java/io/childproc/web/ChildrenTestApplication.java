package io.childproc.web;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A web application with the actuator and childproc, for the HTTP tests. Everyone may
 * call every endpoint; HTTP basic authenticates {@code ops} (role {@code OPS}) and
 * {@code viewer} (role {@code VIEWER}), so that {@code show-values=when-authorized} can
 * be tried. A {@link SanitizingFunction} masks every {@code --token=} argument.
 */
@SpringBootApplication
public class ChildrenTestApplication {

	static final String OPS_PASSWORD = "ops-password";

	static final String VIEWER_PASSWORD = "viewer-password";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("ops").password("{noop}" + OPS_PASSWORD).roles("OPS").build(),
				User.withUsername("viewer").password("{noop}" + VIEWER_PASSWORD).roles("VIEWER").build());
	}

	@Bean
	SanitizingFunction tokenSanitizer() {
		return (data) -> (data.getValue() instanceof String value && value.startsWith("--token="))
				? data.withSanitizedValue() : data;
	}

}
