package io.childproc.sample;

import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample in one profile and checks every listing of that profile in the README
 * and docs/*.md against what it prints (see {@link DocListings}), in reading order; after
 * each listing every job is switched back on.
 */
abstract class AbstractDocListingsTests {

	@LocalServerPort
	private int port;

	abstract String profile();

	@TestFactory
	Stream<DynamicTest> listingsOfThisProfileAreWhatTheSamplePrints() {
		List<DocListings.Listing> listings = DocListings.of(profile());
		assertThat(listings).as("listings of the sample in profile " + profile()).isNotEmpty();
		Http http = new Http(this.port);
		return listings.stream().map((listing) -> DynamicTest.dynamicTest(listing.toString(), () -> {
			try {
				DocListings.check(listing, http, new HashMap<>());
			}
			finally {
				for (String job : JsonPath.<List<String>>read(http.get("/actuator/jobs").body(), "$.jobs[*].name")) {
					assertThat(http.post("/actuator/jobs/" + job, "{\"enabled\":true}").statusCode()).isEqualTo(200);
				}
			}
		}));
	}

}
