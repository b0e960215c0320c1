package io.childproc.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The listings of the sample's {@code zombie-demo} profile in docs/*.md are what it
 * prints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("zombie-demo")
@DirtiesContext
class ZombieDemoDocListingsTests extends AbstractDocListingsTests {

	@Override
	String profile() {
		return "zombie-demo";
	}

}
