package io.childproc.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The listings of the sample's {@code reference} profile (the scene of
 * docs/endpoint-and-meters.md) are what it prints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("reference")
@DirtiesContext
class ReferenceDocListingsTests extends AbstractDocListingsTests {

	@Override
	String profile() {
		return "reference";
	}

}
