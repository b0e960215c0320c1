package io.childproc;

/**
 * A consistent snapshot of a launcher's counts. {@code live + unreaped} always equals the
 * number of tracked children; {@code exited}, {@code started} and {@code startFailures}
 * only grow.
 *
 * @param live children running now
 * @param unreaped children that have exited and are not yet reaped
 * @param exited children that have exited since the launcher was created
 * @param started children started
 * @param startFailures starts that failed
 */
public record ChildCounts(long live, long unreaped, long exited, long started, long startFailures) {
}
