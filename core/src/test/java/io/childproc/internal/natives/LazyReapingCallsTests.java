package io.childproc.internal.natives;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.childproc.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LazyReapingCalls}, the policy that keeps JNA unloaded on Java 24+
 * until a feature needs it. The loader is a fake that counts loads; the real JNA path on
 * Java 25 is in {@link NativeAccessOnJava25Tests}.
 */
class LazyReapingCallsTests {

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(LazyReapingCalls.class);

	private final AtomicInteger loads = new AtomicInteger();

	@Test
	void nothingIsLoadedUntilACallNeedsItAndThenOnlyOnce() {
		LazyReapingCalls natives = new LazyReapingCalls(counting(() -> fakeCalls(true)));
		assertThat(natives.toString()).isEqualTo("ReapingCalls.lazy[not loaded]");
		assertThat(this.loads).hasValue(0);
		assertThat(natives.reap(12345)).isTrue();
		assertThat(natives.available()).isTrue();
		assertThat(natives.becomeChildSubreaper()).isTrue();
		assertThat(this.loads).hasValue(1);
		assertThat(natives.isLoaded()).isTrue();
		assertThat(this.log.lines()).as("a call made without a feature announced logs nothing").isEmpty();
	}

	@Test
	void aFeatureThatNeedsNativeCodeLoadsItAtStartUpAndSaysOnceWhichFeatureAndTheFlag() {
		LazyReapingCalls natives = new LazyReapingCalls(counting(() -> fakeCalls(true)));
		assertThat(natives.requireFor("Orphan reaping as PID 1")).isTrue();
		assertThat(natives.requireFor("Orphan reaping as PID 1")).isTrue();
		assertThat(this.loads).hasValue(1);
		assertThat(this.log.lines()).singleElement()
			.asString()
			.startsWith("WARNING Orphan reaping as PID 1 needs native code (JNA)")
			.contains("--enable-native-access=ALL-UNNAMED")
			.contains("Enable-Native-Access: ALL-UNNAMED");
		natives.requireFor("The child subreaper (childproc.subreaper.enabled=true)");
		assertThat(this.log.lines()).hasSize(2);
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aLoadThatFailsForLackOfAThreadIsTriedAgainAtTheNextCall() {
		AtomicInteger attempts = new AtomicInteger();
		LazyReapingCalls natives = new LazyReapingCalls(() -> {
			if (attempts.incrementAndGet() == 1) {
				throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
			}
			return fakeCalls(true);
		});
		assertThat(natives.available()).isFalse();
		assertThat(natives.unavailableReason()).as("the second call loads").isNull();
		assertThat(attempts).hasValue(2);
		assertThat(natives.reap(1)).isTrue();
		assertThat(attempts).hasValue(2);
	}

	@Test
	void aReasonOfAFailedLoadSaysWhatToDoAndTheLoadIsNotRepeated() {
		LazyReapingCalls natives = new LazyReapingCalls(counting(() -> fakeCalls(false)));
		assertThat(natives.reap(1)).isFalse();
		assertThat(natives.available()).isFalse();
		assertThat(natives.unavailableReason()).isEqualTo("fake: no C library");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aLoadWithoutAThreadSaysWhichFlagWouldHaveLoadedItInAdvance() {
		LazyReapingCalls natives = new LazyReapingCalls(() -> {
			throw new OutOfMemoryError("unable to create native thread");
		});
		assertThat(natives.available()).isFalse();
		assertThat(natives.unavailableReason()).contains("unable to create native thread")
			.contains("start the JVM with --enable-native-access=ALL-UNNAMED");
	}

	@Test
	void theSystemCallsFollowNativeAccessJnaAtOnceOnJava17To23OrWhereEnabledElseOnDemand() {
		ReapingCalls natives = Natives.reapingCalls();
		if (NativeAccess.enabled()) {
			assertThat(natives).hasToString("JnaReapingCalls");
			assertThat(natives.available()).isTrue();
		}
		else {
			assertThat(natives).isSameAs(LazyReapingCalls.INSTANCE);
		}
		if (Runtime.version().feature() < 24) {
			assertThat(NativeAccess.enabled()).as("Java 17 to 23 never warn: nothing changes there").isTrue();
		}
		// From Java 24 on it depends on how the JVM was started (the flag, or the
		// Enable-Native-Access entry of an executable jar's manifest) and on whether code
		// in
		// it already loaded a native library: Java then enables native access for that
		// module after its one warning, so in this shared test JVM the answer depends on
		// the
		// tests that ran before. NativeAccessOnJava25Tests starts fresh JVMs of both
		// kinds.
	}

	private Supplier<ReapingCalls> counting(Supplier<ReapingCalls> loader) {
		return () -> {
			this.loads.incrementAndGet();
			return loader.get();
		};
	}

	private static ReapingCalls fakeCalls(boolean available) {
		if (!available) {
			return ReapingCalls.unavailable("fake: no C library");
		}
		return new ReapingCalls() {

			@Override
			public boolean becomeChildSubreaper() {
				return true;
			}

			@Override
			public boolean reap(long pid) {
				return true;
			}

		};
	}

}
