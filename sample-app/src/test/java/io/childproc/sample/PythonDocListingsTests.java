package io.childproc.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The listings of the sample's {@code python} profile in docs/*.md are what it prints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("python")
@DirtiesContext
class PythonDocListingsTests extends AbstractDocListingsTests {

	@Override
	String profile() {
		return "python";
	}

}
