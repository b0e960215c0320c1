package io.childproc.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import io.childproc.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BoundedNameTags}.
 */
class BoundedNameTagsTests {

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(BoundedNameTags.class);

	@Test
	void reportsTheFirstNamesAsTheyAreAndLaterOnesAsOverflowWithOneWarning() {
		BoundedNameTags names = new BoundedNameTags();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			values.add(names.tagValue("job-" + i));
		}
		assertThat(values.subList(0, 100)).doesNotContain("OTHER").doesNotHaveDuplicates();
		assertThat(values.subList(100, 500)).containsOnly("OTHER");
		assertThat(names.tagValue("job-7")).isEqualTo("job-7");
		assertThat(names.tagValue("job-300")).isEqualTo("OTHER");
		assertThat(this.log.records()).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).contains("childproc.metrics.max-names").contains("OTHER");
		});
	}

	@Test
	void refusesALimitBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedNameTags(0))
			.withMessageContaining("childproc.metrics.max-names must be 1 or more, was 0");
	}

}
