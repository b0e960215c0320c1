package io.childproc.sample;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Starts the sample application on a random port, each test class with a context of its
 * own (the jobs start children from the start), and gives the tests an HTTP client for
 * it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class AbstractSampleTests {

	@LocalServerPort
	private int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

}
