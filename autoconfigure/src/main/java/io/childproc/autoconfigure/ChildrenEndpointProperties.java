package io.childproc.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code children} endpoint, under
 * {@code management.endpoint.children.*}.
 */
@ConfigurationProperties("management.endpoint.children")
public class ChildrenEndpointProperties {

	/**
	 * When to show the arguments of command lines unmasked; the program is always shown.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that see unmasked arguments when show-values is when-authorized; empty means
	 * any authenticated user.
	 */
	private final Set<String> roles = new HashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
