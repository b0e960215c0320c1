package io.childproc.sample;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listings of the sample's default profile in the README and docs/*.md are what the
 * sample prints; every listing that talks to the sample is marked, so that one of these
 * tests checks it; and the comparison fails on the drift it exists for.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DocListingsTests extends AbstractDocListingsTests {

	@Override
	String profile() {
		return "default";
	}

	@Test
	void everyListingOfTheSampleIsMarkedWithAProfileThatATestRuns() {
		assertThat(DocListings.unmarked())
			.as("```console blocks that talk to the sample without a "
					+ "<!-- sample listing: profile P --> comment before them")
			.isEmpty();
		assertThat(DocListings.all()).extracting(DocListings.Listing::profile)
			.isSubsetOf(Set.of("default", "python", "zombie-demo", "reference", "reference --childproc.max-live=1"));
		assertThat(DocListings.of("default")).extracting(DocListings.Listing::page).contains("README.md");
	}

	@Test
	void aListingThatLacksAMeterOrATagOrShowsAnotherLimitDiffers() {
		String printed = """
				process_children_duration_seconds_count{error="none",name="echo-pid",outcome="SUCCESS"} 64
				process_children_live 0.0
				process_children_max 20.0""";
		assertThat(DocListings.normalize(printed)).isEqualTo(DocListings.normalize("""
				process_children_duration_seconds_count{error="none",name="echo-pid",outcome="SUCCESS"} 3
				process_children_live 1.0
				process_children_max 20.0"""));
		assertThat(DocListings.normalize(printed)).isNotEqualTo(DocListings.normalize("""
				process_children_duration_seconds_count{name="echo-pid",outcome="SUCCESS"} 64
				process_children_live 0.0
				process_children_max 20.0""")).isNotEqualTo(DocListings.normalize("""
				process_children_duration_seconds_count{error="none",name="echo-pid",outcome="SUCCESS"} 64
				process_children_live 0.0""")).isNotEqualTo(DocListings.normalize("""
				process_children_duration_seconds_count{error="none",name="echo-pid",outcome="SUCCESS"} 64
				process_children_live 0.0
				process_children_max 10.0"""));
	}

	@Test
	void aJsonListingIsComparedByItsFieldsWithPidsAndTimesByShape() {
		String printed = "{\"live\":0,\"unreaped\":1,\"children\":[{\"pid\":12513,\"state\":\"EXITED\","
				+ "\"exitedAt\":\"2026-12-04T16:47:14.673277193Z\",\"exitCode\":0}],\"scanInterval\":\"PT5S\"}";
		assertThat(DocListings.normalize(printed)).isEqualTo(DocListings.normalize("""
				{
				  "live": 3,
				  "unreaped": 1,
				  "children": [
				    {
				      "pid": 8930,
				      "state": "EXITED",
				      "exitedAt": "2026-11-26T16:49:19.556196232Z",
				      "exitCode": 0
				    }
				  ],
				  "scanInterval": "PT1S"
				}"""));
		for (String drifted : List.of(printed.replace("\"unreaped\":1", "\"unreaped\":0"),
				printed.replace("\"exitCode\":0", "\"exitCode\":143"),
				printed.replace(",\"scanInterval\":\"PT5S\"", ""),
				printed.replace("\"live\":0,\"unreaped\":1", "\"unreaped\":1,\"live\":0"))) {
			assertThat(DocListings.normalize(drifted)).isNotEqualTo(DocListings.normalize(printed));
		}
	}

	@Test
	void aPipelineIsSplitOutsideQuotesOnly() {
		assertThat(DocListings
			.pipeline("curl -s localhost:8080/actuator/children | jq '.children |= .[:1] | .zombieProcesses |= .[:1]'"))
			.containsExactly("curl -s localhost:8080/actuator/children",
					"jq '.children |= .[:1] | .zombieProcesses |= .[:1]'");
	}

}
