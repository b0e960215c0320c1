package io.childproc.internal.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.childproc.internal.linux.ProcessKey;
import io.childproc.internal.linux.ProcessStat;

/**
 * Which zombies last: only a zombie seen in two consecutive scans, with the same pid and
 * start time, counts. A child of the JVM is a zombie for the few milliseconds between its
 * exit and the JDK's {@code waitpid}; a scan that catches it there must not raise the
 * zombie gauge, the health check or the endpoint's count.
 * <p>
 * Not thread-safe: one scan at a time.
 */
final class LastingZombies {

	private Set<ProcessKey> seenBefore = Set.of();

	/**
	 * Takes the zombies one scan found and returns those the previous scan found too.
	 * @param zombies the zombies found now
	 * @return the ones that last, in the order given
	 */
	List<ProcessStat> update(List<ProcessStat> zombies) {
		Set<ProcessKey> seenNow = new HashSet<>(zombies.size() * 2);
		List<ProcessStat> lasting = new ArrayList<>();
		for (ProcessStat zombie : zombies) {
			ProcessKey key = ProcessKey.of(zombie);
			seenNow.add(key);
			if (this.seenBefore.contains(key)) {
				lasting.add(zombie);
			}
		}
		this.seenBefore = seenNow;
		return lasting;
	}

}
