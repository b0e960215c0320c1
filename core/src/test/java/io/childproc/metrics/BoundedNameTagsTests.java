package io.childproc.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BoundedNameTags}.
 */
class BoundedNameTagsTests {

	private final Logger logger = Logger.getLogger(BoundedNameTags.class.getName());

	private final List<LogRecord> records = new ArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			BoundedNameTagsTests.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void captureLog() {
		this.logger.addHandler(this.handler);
	}

	@AfterEach
	void releaseLog() {
		this.logger.removeHandler(this.handler);
	}

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
		assertThat(this.records).singleElement().satisfies((record) -> {
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
