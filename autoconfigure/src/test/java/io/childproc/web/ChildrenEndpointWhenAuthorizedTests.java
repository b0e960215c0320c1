package io.childproc.web;

import java.util.List;

import io.childproc.ChildProcess;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/**
 * The {@code children} endpoint over HTTP when arguments are shown only to the role
 * {@code OPS} ({@code show-values=when-authorized}); users authenticate with HTTP basic.
 */
@TestPropertySource(properties = { "management.endpoint.children.show-values=when-authorized",
		"management.endpoint.children.roles=OPS" })
class ChildrenEndpointWhenAuthorizedTests extends AbstractChildrenWebTests {

	private static final List<String> MASKED = List.of("sh", "******", "******", "******", "******", "******");

	@Test
	void masksArgumentsForAnAnonymousCaller() throws Exception {
		ChildProcess worker = startWorker();
		getOk("/actuator/children/" + worker.pid()).jsonPath("$.command").isEqualTo(MASKED);
	}

	@Test
	void masksArgumentsForAUserWithoutTheRole() throws Exception {
		ChildProcess worker = startWorker();
		ok(this.client.get()
			.uri("/actuator/children")
			.headers((headers) -> headers.setBasicAuth("viewer", ChildrenTestApplication.VIEWER_PASSWORD)))
			.jsonPath("$.children[?(@.pid == " + worker.pid() + ")].command")
			.isEqualTo(List.of(MASKED));
	}

	@Test
	void showsArgumentsToAUserWithTheRoleButStillAppliesSanitizingFunctions() throws Exception {
		ChildProcess worker = startWorker();
		ok(this.client.get()
			.uri("/actuator/children/" + worker.pid())
			.headers((headers) -> headers.setBasicAuth("ops", ChildrenTestApplication.OPS_PASSWORD)))
			.jsonPath("$.command")
			.isEqualTo(List.of("sh", "-c", "sleep 60; true", "worker", "******", "plain-argument"))
			.jsonPath("$.descendants[0].command")
			.isEqualTo(List.of("sleep", "60"));
	}

	@Test
	void stillRefusesWritesWith405() throws Exception {
		ChildProcess worker = startWorker();
		this.client.post()
			.uri("/actuator/children")
			.headers((headers) -> headers.setBasicAuth("ops", ChildrenTestApplication.OPS_PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(405);
		this.client.delete()
			.uri("/actuator/children/" + worker.pid())
			.headers((headers) -> headers.setBasicAuth("ops", ChildrenTestApplication.OPS_PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(405);
	}

}
