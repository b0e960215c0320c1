package io.childproc.web;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The web application once an operator opened every operation of the endpoint
 * ({@code management.endpoint.children.access=unrestricted}) and shows values
 * ({@code show-values=always}), with a contributor that adds top-level members. The
 * subclasses share one Spring context.
 */
@TestPropertySource(properties = { "management.endpoint.children.access=unrestricted",
		"management.endpoint.children.show-values=always" })
@Import(ChildrenEndpointUnrestrictedAccessTests.ProcessTreeContributor.class)
abstract class AbstractUnrestrictedWebTests extends AbstractChildrenWebTests {

}
