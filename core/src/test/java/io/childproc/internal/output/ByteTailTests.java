package io.childproc.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded tail and the line splitter on their own, byte by byte.
 */
class ByteTailTests {

	@Test
	void keepsTheLastBytesAcrossWritesOfEverySizeAndCountsThemAll() {
		ByteTail tail = new ByteTail(1000);
		StringBuilder all = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			String chunk = Integer.toString(i).repeat(i % 7 + 1) + ",";
			all.append(chunk);
			byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
			tail.write(bytes, 0, bytes.length);
		}
		assertThat(tail.text()).isEqualTo(all.substring(all.length() - 1000));
		assertThat(tail.total()).isEqualTo(all.length());
		assertThat(tail.truncated()).isTrue();
		byte[] big = "z".repeat(5000).getBytes(StandardCharsets.US_ASCII);
		tail.write(big, 0, big.length);
		assertThat(tail.text()).isEqualTo("z".repeat(1000));
	}

	@Test
	void growsOnlyAsFarAsItIsFilled() {
		ByteTail tail = new ByteTail(64 * 1024 * 1024);
		tail.write(new byte[] { 'a', 'b' }, 0, 2);
		assertThat(tail.bytes()).containsExactly('a', 'b');
		assertThat(tail.truncated()).isFalse();
	}

	@Test
	void aTruncatedTailDropsTheBrokenCharacterAndTheCutLine() {
		ByteTail tail = new ByteTail(9);
		byte[] bytes = "xé\nab\ncd\n".getBytes(StandardCharsets.UTF_8);
		tail.write(bytes, 0, bytes.length);
		assertThat(tail.lastLines()).isEqualTo("ab\ncd");
		ByteTail cut = new ByteTail(3);
		byte[] accented = "aéé".getBytes(StandardCharsets.UTF_8);
		cut.write(accented, 0, accented.length);
		assertThat(cut.text()).isEqualTo("é");
	}

	@Test
	void splitsLinesAcrossWritesAndFlushesTheLastOne() {
		List<String> lines = new ArrayList<>();
		LineSplitter splitter = new LineSplitter(lines::add);
		byte[] bytes = "one\r\ntw".getBytes(StandardCharsets.UTF_8);
		splitter.write(bytes, 0, bytes.length);
		byte[] more = "o\n\nthree".getBytes(StandardCharsets.UTF_8);
		splitter.write(more, 0, more.length);
		assertThat(lines).containsExactly("one", "two", "");
		splitter.flush();
		assertThat(lines).containsExactly("one", "two", "", "three");
	}

	@Test
	void theOutputMachineryImportsNothingOfTheLauncher() {
		noClasses().that()
			.resideInAPackage("io.childproc.internal.output..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.childproc", "io.childproc.os..", "io.childproc.metrics..",
					"io.childproc.observation..")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("io.childproc.internal.output"));
	}

}
