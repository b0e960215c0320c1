package io.childproc.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The listings of the sample's {@code reference} profile with
 * {@code --childproc.max-live=1} (the launcher saturated) are what it prints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, args = "--childproc.max-live=1")
@ActiveProfiles("reference")
@DirtiesContext
class SaturatedDocListingsTests extends AbstractDocListingsTests {

	@Override
	String profile() {
		return "reference --childproc.max-live=1";
	}

}
